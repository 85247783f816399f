import { readdirSync } from 'node:fs';

/**
 * The migration classes a folder's files declare, oldest first: `1767225600000-CreateOrderTables.ts` declares
 * `CreateOrderTables1767225600000` (TypeORM's naming). A service's list must name exactly these, or a new file
 * would never run.
 */
export function migrationClassesIn(folder: string): string[] {
  return readdirSync(folder)
    .map((file) => /^(\d{13})-(\w+)\.ts$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([, timestamp, name]) => `${name}${timestamp}`);
}
