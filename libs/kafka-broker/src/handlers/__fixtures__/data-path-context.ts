import { Clock, systemClock } from '../../clock';
import { brokerConfig } from '../../config';
import type { GroupCoordinator } from '../../group';
import { TopicStore } from '../../log';
import { RequestContext } from '../handler';

export interface DataPathContext {
  ctx: RequestContext;
  topics: TopicStore;
  /** Topics whose committed offsets the handler asked the group coordinator to forget. */
  forgotten: string[];
  close(): void;
}

/**
 * A request context over a real in-memory topic store, for calling data-path handlers directly.
 * The group coordinator is a stand-in that only records `forgetTopic`, the one call these make.
 */
export function dataPathContext(options: { clock?: Clock; apiVersion?: number; apiKey?: number } = {}): DataPathContext {
  const clock = options.clock ?? systemClock;
  const topics = TopicStore.open({ defaultPartitions: 2, clock, retentionCheckIntervalMs: 0 });
  const forgotten: string[] = [];
  const groups = { forgetTopic: (topic: string) => forgotten.push(topic) } as unknown as GroupCoordinator;
  const config = brokerConfig({ port: 0, defaultPartitions: 2 });
  const ctx: RequestContext = {
    apiKey: options.apiKey ?? 0,
    apiVersion: options.apiVersion ?? 7,
    correlationId: 1,
    clientId: 'test',
    clientHost: '127.0.0.1',
    connectionId: 1,
    supportedApis: [],
    broker: { nodeId: 0, host: 'localhost', port: 0, clusterId: 'test-cluster', topics, groups, clock, config, log: () => {} },
  };
  return { ctx, topics, forgotten, close: () => topics.close() };
}
