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
];
