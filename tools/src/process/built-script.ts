import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const TOOLS_ROOT = resolve(__dirname, '..', '..');

/**
 * Absolute path of a compiled tools script (relative to tools/dist), whether the caller runs from
 * dist (node) or from src (jest). Child processes always run the compiled JavaScript.
 */
export function builtToolsScript(relativePath: string): string {
  const path = resolve(TOOLS_ROOT, 'dist', relativePath);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first`);
  return path;
}

/** The repository root, from which the broker and service entry points are found. */
export const REPOSITORY_ROOT = resolve(TOOLS_ROOT, '..');
