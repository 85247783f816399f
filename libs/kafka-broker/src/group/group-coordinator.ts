import * as path from 'node:path';
import type { Clock } from '../clock';
import { ErrorCode } from '../errors';
import { Group } from './group';
import { JoinGroupParams, Membership, SyncGroupParams } from './membership';
import { CommittedOffsets, OffsetCommitParams, OffsetFetchResult, OffsetFetchTopic } from './committed-offsets';
import { FileOffsetStore, MemoryOffsetStore, OffsetStore } from './offset-store';
import { OffsetBook } from './offsets';
import {
  GroupDescription,
  GroupOverview,
  joinError,
  JoinGroupResult,
  LeaveGroupResult,
  SyncGroupResult,
  syncError,
} from './results';

export interface GroupCoordinatorOptions {
  clock: Clock;
  /** Committed offsets go to `<dataDir>/groups/`; without it they live in memory only. */
  dataDir?: string;
  /** fsync every commit record (power-loss safe); without it a commit survives a killed process only. */
  fsync?: boolean;
  /** group.min.session.timeout.ms, Kafka's default 6000. */
  minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms, Kafka's default 1800000. */
  maxSessionTimeoutMs?: number;
  /** group.initial.rebalance.delay.ms; 0 here (Kafka ships 3000) because dev and test want fast joins. */
  initialRebalanceDelayMs?: number;
  log?: (msg: string) => void;
}

/**
 * The coordinator of every consumer group on this single node: membership (join, sync, heartbeat,
 * leave), committed offsets, and the admin views (describe, list, delete). Membership is in memory
 * only, as restarting clients rejoin anyway; committed offsets are durable when a data dir is given.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly membership: Membership;
  private readonly offsets: CommittedOffsets;
  private closed = false;

  private constructor(
    options: GroupCoordinatorOptions,
    private readonly store: OffsetStore,
    book: OffsetBook,
  ) {
    const log = options.log ?? (() => {});
    this.membership = new Membership(this.groups, {
      clock: options.clock,
      minSessionTimeoutMs: options.minSessionTimeoutMs ?? 6_000,
      maxSessionTimeoutMs: options.maxSessionTimeoutMs ?? 1_800_000,
      initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
      log,
    });
    // Groups known only by their offsets come back Empty, as Kafka lists them after a restart.
    for (const groupId of book.groupIds()) this.groups.set(groupId, new Group(groupId));
    this.offsets = new CommittedOffsets(this.groups, book, store, {
      log,
      isClosed: () => this.closed,
      touch: (group, memberId) => this.membership.touch(group, memberId),
    });
  }

  /** Synchronous, like TopicStore.open: replays and compacts the offsets log before returning. */
  static open(options: GroupCoordinatorOptions): GroupCoordinator {
    const book = new OffsetBook();
    if (!options.dataDir) return new GroupCoordinator(options, new MemoryOffsetStore(), book);
    const { store, records } = FileOffsetStore.open(path.join(options.dataDir, 'groups'), {
      fsync: options.fsync ?? false,
      log: options.log ?? (() => {}),
    });
    for (const record of records) book.apply(record);
    store.compact(book.snapshot());
    return new GroupCoordinator(options, store, book);
  }

  joinGroup(params: JoinGroupParams): JoinGroupResult | Promise<JoinGroupResult> {
    if (this.closed) return joinError(params.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return this.membership.join(params);
  }

  syncGroup(params: SyncGroupParams): SyncGroupResult | Promise<SyncGroupResult> {
    if (this.closed) return syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return this.membership.sync(params);
  }

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return this.membership.heartbeat(groupId, memberId, generationId);
  }

  leaveGroup(groupId: string, memberIds: string[]): LeaveGroupResult {
    if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    return this.membership.leave(groupId, memberIds);
  }

  commitOffsets(params: OffsetCommitParams): number[] {
    return this.offsets.commit(params);
  }

  fetchOffsets(groupId: string, topics: OffsetFetchTopic[] | null): OffsetFetchResult {
    return this.offsets.fetch(groupId, topics);
  }

  describeGroup(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    const errorCode = this.closed ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.NONE;
    if (this.closed || !group) {
      return { errorCode, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
    }
    // Like Kafka, protocol metadata and assignments are only shown once a generation is settled.
    const stable = group.is('Stable');
    const protocolName = stable ? (group.protocolName ?? '') : '';
    return {
      errorCode,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: protocolName,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.profile.clientId,
        clientHost: m.profile.clientHost,
        memberMetadata: stable ? m.metadataFor(protocolName) : Buffer.alloc(0),
        memberAssignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  listGroups(): { errorCode: number; groups: GroupOverview[] } {
    if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const groups = [...this.groups.values()].map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '' }));
    return { errorCode: ErrorCode.NONE, groups };
  }

  /** DeleteGroups for one group: only an Empty group goes, together with its committed offsets. */
  deleteGroup(groupId: string): number {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!group.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
    const errorCode = this.offsets.deleteGroup(groupId);
    if (errorCode !== ErrorCode.NONE) return errorCode;
    this.membership.rebalancer.shutDown(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    group.transitionTo('Dead');
    this.groups.delete(groupId);
    return ErrorCode.NONE;
  }

  /** A deleted topic's committed offsets go, so a topic recreated later starts without stale positions. */
  forgetTopic(topic: string): void {
    this.offsets.forgetTopic(topic);
  }

  /** Answers every held JoinGroup/SyncGroup with COORDINATOR_NOT_AVAILABLE and stops all timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const group of this.groups.values()) {
      this.membership.rebalancer.shutDown(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      group.transitionTo('Dead');
    }
    this.store.close();
  }
}
