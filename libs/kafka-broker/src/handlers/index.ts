import { ApiHandler } from './handler';
import { apiVersionsHandler } from './api-versions.handler';
import { metadataHandler } from './metadata.handler';
import { produceHandler } from './produce.handler';
import { fetchHandler } from './fetch.handler';
import { listOffsetsHandler } from './list-offsets.handler';
import { createTopicsHandler } from './create-topics.handler';
import { deleteTopicsHandler } from './delete-topics.handler';
import { createPartitionsHandler } from './create-partitions.handler';
import { initProducerIdHandler } from './init-producer-id.handler';
import { findCoordinatorHandler } from './find-coordinator.handler';
import { joinGroupHandler } from './join-group.handler';
import { syncGroupHandler } from './sync-group.handler';
import { heartbeatHandler } from './heartbeat.handler';
import { leaveGroupHandler } from './leave-group.handler';
import { offsetCommitHandler } from './offset-commit.handler';
import { offsetFetchHandler } from './offset-fetch.handler';
import { describeGroupsHandler } from './describe-groups.handler';
import { listGroupsHandler } from './list-groups.handler';
import { deleteGroupsHandler } from './delete-groups.handler';

/**
 * Every API this broker serves. One import line and one entry per handler; the router refuses
 * anything not listed here and ApiVersions advertises only what is listed.
 */
export const brokerHandlers: readonly ApiHandler[] = [
  apiVersionsHandler,
  metadataHandler,
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  createPartitionsHandler,
  initProducerIdHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  syncGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  offsetCommitHandler,
  offsetFetchHandler,
  describeGroupsHandler,
  listGroupsHandler,
  deleteGroupsHandler,
];
