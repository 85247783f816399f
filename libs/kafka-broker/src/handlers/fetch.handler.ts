import { FetchRequest, FetchResponse } from '../protocol/messages/fetch';
import { readFetchPartitions, FetchRead } from './fetch-partitions';
import { ApiHandler, RequestContext } from './handler';

/**
 * Long poll: answers at once when min_bytes are readable or a partition is in error; otherwise
 * waits for appends to the requested partitions (woken by the store, not by polling) and answers
 * when enough has arrived or when max_wait_ms is up, never later (kafkajs gives up 100 ms after).
 * Fetch sessions are not kept: session_id 0 tells clients every fetch is a full one.
 */
export const fetchHandler: ApiHandler<FetchRequest, FetchResponse> = {
  apiKey: 1,
  name: 'Fetch',
  handle(request, ctx) {
    const first = readFetchPartitions(request, ctx.broker.topics);
    if (isEnough(first, request) || request.maxWaitMs <= 0) return respond(first);
    return waitForData(request, ctx);
  },
};

function waitForData(request: FetchRequest, ctx: RequestContext): Promise<FetchResponse> {
  const { topics, clock } = ctx.broker;
  const wanted = new Set(request.topics.flatMap((t) => t.partitions.map((p) => key(t.topic, p.partition))));
  return new Promise((resolve) => {
    const finish = (read: FetchRead) => {
      unsubscribe();
      clock.clearTimeout(timer);
      resolve(respond(read));
    };
    const unsubscribe = topics.onAppend((topic, partition) => {
      if (!wanted.has(key(topic, partition))) return;
      const read = readFetchPartitions(request, topics);
      if (isEnough(read, request)) finish(read);
    });
    const timer = clock.setTimeout(() => finish(readFetchPartitions(request, topics)), request.maxWaitMs);
  });
}

function isEnough(read: FetchRead, request: FetchRequest): boolean {
  return read.failed || read.bytes >= request.minBytes || request.topics.length === 0;
}

function respond(read: FetchRead): FetchResponse {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: read.responses };
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
