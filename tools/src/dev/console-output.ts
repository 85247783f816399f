import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

// One colour per process, stable across runs so the eye learns them; anything unlisted gets white.
const SOURCE_STYLES: Record<string, Style> = {
  kafka: 'cyan',
  'order-db': 'blue',
  'inventory-db': 'blue',
  'payment-db': 'blue',
  order: 'green',
  inventory: 'yellow',
  payment: 'magenta',
};
const WIDTH = Math.max(...Object.keys(SOURCE_STYLES).map((source) => source.length));

/** Colour only for a terminal, and never when NO_COLOR asks not to (https://no-color.org); FORCE_COLOR wins. */
function colourWanted(): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

const useColour = colourWanted();

export function paint(style: Style, text: string): string {
  return useColour ? styleText(style, text) : text;
}

/** `order        | <line>`: every child's lines, prefixed with its name in its colour. */
export function printPrefixed(source: string, line: string): void {
  const label = paint(SOURCE_STYLES[source] ?? 'white', source.padEnd(WIDTH));
  process.stdout.write(`${label} ${paint('gray', '|')} ${line}\n`);
}

/** The launcher's own lines, set apart from the children's. */
export function announce(message: string): void {
  process.stdout.write(`${paint('bold', '»')} ${message}\n`);
}

export function shout(message: string): void {
  process.stderr.write(`${paint(['bold', 'red'], `✖ ${message}`)}\n`);
}
