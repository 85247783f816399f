export { GroupCoordinator, GroupCoordinatorOptions } from './group-coordinator';
export type { GroupState } from './group-state';
export type { JoinGroupParams, SyncGroupParams } from './membership';
export type { OffsetCommitParams, OffsetFetchResult, OffsetFetchTopic } from './committed-offsets';
export type { ProtocolOffer } from './member';
export type {
  CommittedOffset,
  GroupDescription,
  GroupOverview,
  JoinGroupResult,
  LeaveGroupResult,
  SyncGroupResult,
  TopicPartitionOffset,
} from './results';
