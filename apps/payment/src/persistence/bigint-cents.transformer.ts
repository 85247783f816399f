import { ValueTransformer } from 'typeorm';

/**
 * Money columns are bigint, which node-postgres returns as strings. Cents stay exact as a JS
 * number up to 2^53 (90 trillion in whole units), far beyond any balance here.
 */
export const bigintCents: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
