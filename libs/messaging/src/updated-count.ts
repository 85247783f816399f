import { EntityManager } from 'typeorm';

/** Runs an UPDATE and returns how many rows it changed (TypeORM's postgres driver answers UPDATE with [rows, rowCount]). */
export async function updatedCount(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const [, rowCount] = (await manager.query(sql, parameters)) as [unknown[], number];
  return rowCount;
}
