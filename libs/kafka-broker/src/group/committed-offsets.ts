import { ErrorCode } from '../errors';
import { Group } from './group';
import type { OffsetRecord } from './offset-record';
import type { OffsetStore } from './offset-store';
import type { OffsetBook } from './offsets';
import type { TopicPartitionOffset } from './results';

/** Kafka's offset.metadata.max.bytes default; also keeps one commit record to a sane size. */
const MAX_METADATA_CHARS = 4096;
/** Rewrite the offsets log once it holds this many records and most of them are superseded. */
const COMPACT_AFTER_RECORDS = 10_000;

export interface OffsetCommitParams {
  groupId: string;
  /** -1 with an empty member id: a client that only stores offsets here (librdkafka assign(), admin tools). */
  generationId: number;
  memberId: string;
  offsets: TopicPartitionOffset[];
}

export interface OffsetFetchTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchResult {
  errorCode: number;
  topics: {
    name: string;
    partitions: { partitionIndex: number; committedOffset: number; metadata: string | null; errorCode: number }[];
  }[];
}

interface Hooks {
  log: (msg: string) => void;
  isClosed: () => boolean;
  /** Resets a member's session timer when its commit is accepted. */
  touch: (group: Group, memberId: string) => void;
}

/**
 * OffsetCommit / OffsetFetch rules (Kafka's `doCommitOffsets`), and keeping the in-memory book and the
 * durable log in step: the log is written first, so an acknowledged commit is always on disk.
 */
export class CommittedOffsets {
  constructor(
    private readonly groups: Map<string, Group>,
    private readonly book: OffsetBook,
    private readonly store: OffsetStore,
    private readonly hooks: Hooks,
  ) {}

  /** One error code per offset, in the order given. */
  commit(params: OffsetCommitParams): number[] {
    const groupError = this.validateCommit(params);
    if (groupError !== ErrorCode.NONE) return params.offsets.map(() => groupError);
    const errors = params.offsets.map((o) =>
      o.metadata !== null && o.metadata.length > MAX_METADATA_CHARS ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE,
    );
    const accepted = params.offsets.filter((_, i) => errors[i] === ErrorCode.NONE);
    if (accepted.length === 0) return errors;
    if (!this.persist({ kind: 'commit', groupId: params.groupId, offsets: accepted })) {
      return params.offsets.map(() => ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    this.book.commit(params.groupId, accepted);
    this.maybeCompact();
    return errors;
  }

  /** `topics` null (OffsetFetch v2+) means every partition the group has committed. */
  fetch(groupId: string, topics: OffsetFetchTopic[] | null): OffsetFetchResult {
    if (this.hooks.isClosed()) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, topics: [] };
    const requested = topics ?? this.committedTopics(groupId);
    return {
      errorCode: ErrorCode.NONE,
      topics: requested.map(({ name, partitionIndexes }) => ({
        name,
        partitions: partitionIndexes.map((partitionIndex) => {
          const committed = this.book.get(groupId, name, partitionIndex);
          // No commit yet is not an error: offset -1 tells the client to apply its reset policy.
          // kafkajs parses the metadata as a string, so "" rather than null here.
          return committed
            ? { partitionIndex, committedOffset: committed.offset, metadata: committed.metadata, errorCode: ErrorCode.NONE }
            : { partitionIndex, committedOffset: -1, metadata: '', errorCode: ErrorCode.NONE };
        }),
      })),
    };
  }

  deleteGroup(groupId: string): number {
    if (this.book.all(groupId).length > 0 && !this.persist({ kind: 'delete-group', groupId })) {
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    this.book.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  forgetTopic(topic: string): void {
    if (this.hooks.isClosed()) return;
    if (this.book.groupIds().every((g) => this.book.all(g).every((o) => o.topic !== topic))) return;
    this.persist({ kind: 'forget-topic', topic });
    this.book.forgetTopic(topic);
  }

  private validateCommit({ groupId, generationId, memberId }: OffsetCommitParams): number {
    if (this.hooks.isClosed()) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    let group = this.groups.get(groupId);
    if (!group) {
      // A commit from outside group management creates the group, Empty; anything else is from an old generation.
      if (generationId >= 0) return ErrorCode.ILLEGAL_GENERATION;
      group = new Group(groupId);
      this.groups.set(groupId, group);
    }
    if (generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
    if (!group.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case 'Stable':
      case 'PreparingRebalance':
        // kafkajs commits what it processed when a heartbeat says 27, before rejoining; refusing that
        // commit would redeliver those messages after every rebalance.
        this.hooks.touch(group, memberId);
        return ErrorCode.NONE;
      case 'CompletingRebalance':
        return ErrorCode.REBALANCE_IN_PROGRESS;
      default:
        return ErrorCode.UNKNOWN_MEMBER_ID;
    }
  }

  private committedTopics(groupId: string): OffsetFetchTopic[] {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of this.book.all(groupId)) {
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    }
    return [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  }

  private persist(record: OffsetRecord): boolean {
    try {
      this.store.append(record);
      return true;
    } catch (error) {
      this.hooks.log(`could not write the offsets log: ${(error as Error).message}`);
      return false;
    }
  }

  private maybeCompact(): void {
    const appended = this.store.appendedSinceCompaction;
    if (appended < COMPACT_AFTER_RECORDS || appended < 2 * this.book.size()) return;
    try {
      this.store.compact(this.book.snapshot());
    } catch (error) {
      // The uncompacted log is still complete; try again after the next commits.
      this.hooks.log(`could not compact the offsets log: ${(error as Error).message}`);
    }
  }
}
