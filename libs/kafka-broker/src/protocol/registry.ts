import { ApiMessage } from './schema/api-message';
import { apiVersionsApi } from './messages/api-versions';
import { createPartitionsApi } from './messages/create-partitions';
import { createTopicsApi } from './messages/create-topics';
import { deleteGroupsApi } from './messages/delete-groups';
import { deleteTopicsApi } from './messages/delete-topics';
import { describeGroupsApi } from './messages/describe-groups';
import { fetchApi } from './messages/fetch';
import { findCoordinatorApi } from './messages/find-coordinator';
import { heartbeatApi } from './messages/heartbeat';
import { initProducerIdApi } from './messages/init-producer-id';
import { joinGroupApi } from './messages/join-group';
import { leaveGroupApi } from './messages/leave-group';
import { listGroupsApi } from './messages/list-groups';
import { listOffsetsApi } from './messages/list-offsets';
import { metadataApi } from './messages/metadata';
import { offsetCommitApi } from './messages/offset-commit';
import { offsetFetchApi } from './messages/offset-fetch';
import { produceApi } from './messages/produce';
import { syncGroupApi } from './messages/sync-group';

/** Every API the codec implements, with exactly the versions it can read and write. */
export const API_MESSAGES: readonly ApiMessage[] = [
  produceApi,
  fetchApi,
  listOffsetsApi,
  metadataApi,
  offsetCommitApi,
  offsetFetchApi,
  findCoordinatorApi,
  joinGroupApi,
  heartbeatApi,
  leaveGroupApi,
  syncGroupApi,
  describeGroupsApi,
  listGroupsApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  initProducerIdApi,
  createPartitionsApi,
  deleteGroupsApi,
] as ApiMessage[];

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  InitProducerId: 22,
  CreatePartitions: 37,
  DeleteGroups: 42,
} as const;

const byKey = new Map(API_MESSAGES.map((api) => [api.apiKey, api]));

export function apiByKey(apiKey: number): ApiMessage | undefined {
  return byKey.get(apiKey);
}

export function supportsVersion(api: ApiMessage, version: number): boolean {
  return version >= api.minVersion && version <= api.maxVersion;
}
