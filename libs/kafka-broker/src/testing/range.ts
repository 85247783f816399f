/** `count` consecutive integers from `from`: record indexes, offsets, batch numbers in tests. */
export const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);
