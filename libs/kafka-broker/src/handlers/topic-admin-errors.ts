import { ErrorCode, KafkaError } from '../errors';

export interface AdminResult {
  errorCode: number;
  errorMessage: string | null;
}

/** Runs one topic's admin operation and turns a KafkaError into the per-topic error fields. */
export function adminResult(operation: () => void): AdminResult {
  try {
    operation();
    return { errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (error) {
    if (error instanceof KafkaError) return { errorCode: error.code, errorMessage: error.message };
    throw error;
  }
}

/** Kafka rejects a request naming a topic twice (INVALID_REQUEST) rather than guess which entry wins. */
export function duplicatedNames(names: string[]): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const name of names) (seen.has(name) ? duplicated : seen).add(name);
  return duplicated;
}

export function duplicateEntryError(name: string): KafkaError {
  return new KafkaError(ErrorCode.INVALID_REQUEST, `The request lists topic '${name}' more than once.`);
}

/** Single node: a replica assignment may only name this broker, once per partition. */
export function checkAssignment(brokerIds: number[], nodeId: number): void {
  if (brokerIds.length !== 1 || brokerIds[0] !== nodeId) {
    throw new KafkaError(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      `Replica assignment [${brokerIds.join(', ')}] is invalid: the only broker is ${nodeId}.`,
    );
  }
}
