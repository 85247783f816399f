import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface ScenarioRow {
  scenario: string;
  orders: number;
  /** How the orders ended, e.g. "41 confirmed, 19 cancelled (8 CUSTOMER_CANCELLED, ...)". */
  outcome: string;
  faults: string[];
  violations: string[];
  seconds: number;
}

export const SUMMARY_FILE = resolve(__dirname, '..', '..', 'results', 'failure-summary.md');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The run as a markdown table, then every violation in full (the table only counts them). */
export function summaryTable(rows: ScenarioRow[]): string {
  const lines = [
    '| scenario | orders | outcome | faults injected | invariant violations | s |',
    '|---|---:|---|---|---:|---:|',
    ...rows.map((r) =>
      `| ${cell(r.scenario)} | ${r.orders} | ${cell(r.outcome)} | ${cell(`${r.faults.length}: ${r.faults.join('; ')}`)} | ${r.violations.length} | ${r.seconds} |`,
    ),
  ];
  const details = rows
    .filter((r) => r.violations.length > 0)
    .map((r) => `\n${r.scenario}:\n${r.violations.map((v) => `- ${v}`).join('\n')}`);
  return [...lines, ...details].join('\n');
}

export async function writeSummary(rows: ScenarioRow[], file = SUMMARY_FILE): Promise<string> {
  const table = summaryTable(rows);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `# Failure-injection run, ${new Date().toISOString()}\n\n${table}\n`);
  return table;
}
