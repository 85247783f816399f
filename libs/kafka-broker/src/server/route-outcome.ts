/** What a connection does with one request once the router is done with it. */
export type RouteOutcome =
  | { readonly kind: 'respond'; readonly chunks: Buffer[] }
  /** Produce with acks=0: the client reads nothing back. */
  | { readonly kind: 'silent' }
  /** Kafka's answer to what it cannot parse or serve: drop the connection, nothing else. */
  | { readonly kind: 'close'; readonly reason: string };

export const SILENT: RouteOutcome = { kind: 'silent' };

export function respond(chunks: Buffer[]): RouteOutcome {
  return { kind: 'respond', chunks };
}

export function closeConnection(reason: string): RouteOutcome {
  return { kind: 'close', reason };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
