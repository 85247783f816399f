import { KafkaError } from '../errors';
import { TopicStore } from '../log';
import { FetchRequest, FetchRequestPartition, FetchResponse } from '../protocol/messages/fetch';
import { readFetchPartitions, FetchRead } from './fetch-partitions';
import { ApiHandler, RequestContext } from './handler';

/**
 * Long poll: answers at once when min_bytes are readable or a partition is in error; otherwise
 * waits for appends to the requested partitions (woken by the store, not by polling) and answers
 * when enough has arrived or when max_wait_ms is up, never later (kafkajs gives up 100 ms after).
 * While it waits, an append re-reads only the partition appended to: a consumer that asks for many
 * partitions and a large min_bytes would otherwise cost a full read of all of them per append.
 * Fetch sessions are not kept: session_id 0 tells clients every fetch is a full one.
 */
export const fetchHandler: ApiHandler<FetchRequest, FetchResponse> = {
  apiKey: 1,
  name: 'Fetch',
  handle(request, ctx) {
    const first = readFetchPartitions(request, ctx.broker.topics);
    if (isEnough(first, request) || request.maxWaitMs <= 0) return respond(first);
    return waitForData(request, first, ctx);
  },
};

function waitForData(request: FetchRequest, first: FetchRead, ctx: RequestContext): Promise<FetchResponse> {
  const { topics, clock } = ctx.broker;
  const wanted = new Map(request.topics.flatMap((t) => t.partitions.map((p) => [key(t.topic, p.partition), p] as const)));
  const readable = new Map(
    first.responses.flatMap((t) => t.partitions.map((p) => [key(t.topic, p.partitionIndex), p.records?.length ?? 0] as const)),
  );
  let readableBytes = first.bytes;
  return new Promise((resolve) => {
    const finish = () => {
      unsubscribe();
      clock.clearTimeout(timer);
      resolve(respond(readFetchPartitions(request, topics)));
    };
    const unsubscribe = topics.onAppend((topic, partition) => {
      const name = key(topic, partition);
      const asked = wanted.get(name);
      if (!asked) return;
      const bytes = bytesReadable(topics, topic, asked);
      // Deleted, truncated past the offset...: the full read answers with the partition's error at once.
      if (bytes === undefined) return finish();
      readableBytes += bytes - (readable.get(name) ?? 0);
      readable.set(name, bytes);
      if (readableBytes >= request.minBytes) finish();
    });
    const timer = clock.setTimeout(finish, request.maxWaitMs);
  });
}

/** What one partition would return now, in bytes; undefined when it would answer with an error. */
function bytesReadable(topics: TopicStore, topic: string, asked: FetchRequestPartition): number | undefined {
  try {
    return topics.partition(topic, asked.partition)?.read(asked.fetchOffset, asked.partitionMaxBytes).length;
  } catch (error) {
    if (error instanceof KafkaError) return undefined;
    throw error;
  }
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
