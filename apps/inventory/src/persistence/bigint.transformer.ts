import { ValueTransformer } from 'typeorm';

/**
 * Stock counters and totals are bigint columns (they only grow: every sale and restock adds
 * to them), which pg hands back as strings. Values stay far below 2^53, so a number is exact.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
