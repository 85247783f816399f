import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { ErrorCode } from '../errors';
import { Group } from './group';
import { Member, MemberProfile } from './member';
import { generationAnswer, Rebalancer } from './rebalance';
import { joinError, JoinGroupResult, LeaveGroupResult, SyncGroupResult, syncError } from './results';

export interface MembershipOptions {
  clock: Clock;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
  log: (msg: string) => void;
}

export interface JoinGroupParams extends MemberProfile {
  groupId: string;
  memberId: string;
  /** JoinGroup v4+: an empty member id first gets MEMBER_ID_REQUIRED and a generated id (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

/**
 * JoinGroup / SyncGroup / Heartbeat / LeaveGroup as Apache Kafka's classic GroupCoordinator answers
 * them. Held requests come back as promises that the rebalance resolves later.
 */
export class Membership {
  readonly rebalancer: Rebalancer;

  constructor(
    private readonly groups: Map<string, Group>,
    private readonly options: MembershipOptions,
  ) {
    this.rebalancer = new Rebalancer(options);
  }

  join(params: JoinGroupParams): JoinGroupResult | Promise<JoinGroupResult> {
    const { groupId, memberId, sessionTimeoutMs } = params;
    if (groupId === '') return joinError(memberId, ErrorCode.INVALID_GROUP_ID);
    if (sessionTimeoutMs < this.options.minSessionTimeoutMs || sessionTimeoutMs > this.options.maxSessionTimeoutMs) {
      return joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(groupId);
    if (!group) {
      // Only a newcomer may create a group; a member id for a group we never saw is stale.
      if (memberId !== '') return joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID);
      group = new Group(groupId);
      this.groups.set(groupId, group);
    }
    if (!group.supportsProtocols(params.protocolType, params.protocols)) {
      return joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    const result = memberId === '' ? this.joinAsNewcomer(group, params) : this.joinAsKnown(group, params);
    this.rebalancer.tryCompleteJoin(group);
    return result;
  }

  sync(params: SyncGroupParams): SyncGroupResult | Promise<SyncGroupResult> {
    if (params.groupId === '') return syncError(ErrorCode.INVALID_GROUP_ID);
    const group = this.groups.get(params.groupId);
    const member = group?.members.get(params.memberId);
    if (!group || !member) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    if (params.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION);
    switch (group.state) {
      case 'PreparingRebalance':
        return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        this.rebalancer.resetSessionTimer(group, member);
        return { errorCode: ErrorCode.NONE, assignment: member.assignment };
      case 'CompletingRebalance': {
        // A repeated SyncGroup replaces the earlier one; answer that one so no request hangs.
        member.completeSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        const answer = new Promise<SyncGroupResult>((resolve) => (member.awaitingSync = resolve));
        if (group.isLeader(member.memberId)) this.rebalancer.installAssignment(group, params.assignments);
        return answer;
      }
      default:
        return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.rebalancer.resetSessionTimer(group, member);
        return ErrorCode.NONE;
      case 'PreparingRebalance':
        // The only way a member that is busy fetching learns it has to rejoin.
        this.rebalancer.resetSessionTimer(group, member);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      default:
        return ErrorCode.UNKNOWN_MEMBER_ID;
    }
  }

  leave(groupId: string, memberIds: string[]): LeaveGroupResult {
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    const group = this.groups.get(groupId);
    const members = memberIds.map((memberId) => {
      if (group?.pendingMembers.has(memberId)) {
        this.rebalancer.removePendingMember(group, memberId);
        return { memberId, errorCode: ErrorCode.NONE };
      }
      const member = group?.members.get(memberId);
      if (!group || !member) return { memberId, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      this.options.log(`member ${memberId} left group ${groupId}`);
      this.rebalancer.removeMember(group, member);
      return { memberId, errorCode: ErrorCode.NONE };
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  /** An accepted offset commit proves the member alive, as in Kafka. */
  touch(group: Group, memberId: string): void {
    const member = group.members.get(memberId);
    if (member) this.rebalancer.resetSessionTimer(group, member);
  }

  private joinAsNewcomer(group: Group, params: JoinGroupParams): JoinGroupResult | Promise<JoinGroupResult> {
    const memberId = `${params.clientId}-${randomUUID()}`;
    if (!params.requireKnownMemberId) return this.addMemberAndRebalance(group, memberId, params);
    const expiry = this.options.clock.setTimeout(() => {
      if (!group.pendingMembers.has(memberId)) return;
      this.options.log(`pending member ${memberId} of group ${group.groupId} never rejoined; forgetting it`);
      this.rebalancer.removePendingMember(group, memberId);
    }, params.sessionTimeoutMs);
    group.pendingMembers.set(memberId, expiry);
    return joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED);
  }

  private joinAsKnown(group: Group, params: JoinGroupParams): JoinGroupResult | Promise<JoinGroupResult> {
    const timer = group.pendingMembers.get(params.memberId);
    if (timer) {
      this.options.clock.clearTimeout(timer);
      group.pendingMembers.delete(params.memberId);
      return this.addMemberAndRebalance(group, params.memberId, params);
    }
    const member = group.members.get(params.memberId);
    if (!member) return joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, params);
      case 'CompletingRebalance':
        // Most likely the member missed our JoinGroup answer: repeat it instead of starting over.
        if (member.offersSameProtocols(params.protocols)) return generationAnswer(group, member, true);
        return this.updateMemberAndRebalance(group, member, params);
      case 'Stable':
        // A leader rejoins to force a new assignment (e.g. topic metadata changed); so does a changed member.
        if (group.isLeader(member.memberId) || !member.offersSameProtocols(params.protocols)) {
          return this.updateMemberAndRebalance(group, member, params);
        }
        return generationAnswer(group, member, false);
      default:
        return joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private addMemberAndRebalance(group: Group, memberId: string, params: JoinGroupParams): Promise<JoinGroupResult> {
    const member = new Member(memberId, profileOf(params));
    const answer = new Promise<JoinGroupResult>((resolve) => (member.awaitingJoin = resolve));
    group.add(member);
    if (group.initialDelay) group.initialDelay.newMemberAdded = true;
    this.rebalancer.resetSessionTimer(group, member);
    this.rebalancer.maybePrepareRebalance(group, `member ${memberId} joined`);
    return answer;
  }

  private updateMemberAndRebalance(group: Group, member: Member, params: JoinGroupParams): Promise<JoinGroupResult> {
    member.profile = profileOf(params);
    // A JoinGroup repeated while the first is still held replaces it; the first gets an answer to retry on.
    member.completeJoin(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    const answer = new Promise<JoinGroupResult>((resolve) => (member.awaitingJoin = resolve));
    this.rebalancer.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    return answer;
  }
}

function profileOf(params: JoinGroupParams): MemberProfile {
  const { clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols } = params;
  return { clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols };
}
