import { ApiHandler } from './handler';
import { apiVersionsHandler } from './api-versions.handler';
import { metadataHandler } from './metadata.handler';

/**
 * Every API this broker serves. One import line and one entry per handler; the router refuses
 * anything not listed here and ApiVersions advertises only what is listed.
 */
export const brokerHandlers: readonly ApiHandler[] = [
  apiVersionsHandler,
  metadataHandler,
];
