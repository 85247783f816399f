/**
 * What the coordinator answers, shaped like the response fields so handlers only copy them across.
 * Field names follow Apache Kafka's message specs in camelCase.
 */
export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  /** Every member with its metadata for the chosen protocol, but only in the leader's answer. */
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncGroupResult {
  errorCode: number;
  /** Never null: members the leader left out get empty bytes, which clients decode as "no partitions". */
  assignment: Buffer;
}

export interface LeaveGroupResult {
  errorCode: number;
  members: { memberId: string; errorCode: number }[];
}

export interface CommittedOffset {
  offset: number;
  /** Returned exactly as committed: librdkafka commits "", kafkajs null. */
  metadata: string | null;
}

export interface TopicPartitionOffset extends CommittedOffset {
  topic: string;
  partition: number;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    memberMetadata: Buffer;
    memberAssignment: Buffer;
  }[];
}

export interface GroupOverview {
  groupId: string;
  protocolType: string;
}

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, assignment: Buffer.alloc(0) };
}
