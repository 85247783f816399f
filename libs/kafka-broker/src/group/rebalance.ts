import type { Clock } from '../clock';
import { ErrorCode } from '../errors';
import type { Group } from './group';
import type { Member } from './member';
import { joinError, JoinGroupResult, syncError } from './results';

export interface RebalanceOptions {
  clock: Clock;
  initialRebalanceDelayMs: number;
  log: (msg: string) => void;
}

/**
 * The moving parts of a rebalance: entering PreparingRebalance, the timer that ends it, forming the
 * next generation, installing the leader's assignment, and the session timers that remove members
 * who went silent. Every timer re-checks the group's state when it fires, because a group may have
 * moved on (or been deleted) since the timer was set.
 */
export class Rebalancer {
  constructor(private readonly options: RebalanceOptions) {}

  maybePrepareRebalance(group: Group, reason: string): void {
    if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) this.prepareRebalance(group, reason);
  }

  /** Completes the join phase right away when nobody else is expected to (re)join. */
  tryCompleteJoin(group: Group): void {
    if (group.is('PreparingRebalance') && !group.initialDelay && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  /** The leader's SyncGroup: store every member's assignment (empty if left out) and answer all waiters. */
  installAssignment(group: Group, assignments: { memberId: string; assignment: Buffer }[]): void {
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    for (const member of group.members.values()) member.assignment = byMember.get(member.memberId) ?? Buffer.alloc(0);
    group.transitionTo('Stable');
    this.options.log(`group ${group.groupId} generation ${group.generationId} is stable`);
    for (const member of group.members.values()) {
      member.completeSync({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      this.resetSessionTimer(group, member);
    }
  }

  resetSessionTimer(group: Group, member: Member): void {
    const { clock } = this.options;
    if (member.sessionTimer) clock.clearTimeout(member.sessionTimer);
    member.sessionTimer = clock.setTimeout(() => this.onSessionExpired(group, member), member.profile.sessionTimeoutMs);
  }

  removeMember(group: Group, member: Member): void {
    member.completeJoin(joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    member.completeSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (member.sessionTimer) this.options.clock.clearTimeout(member.sessionTimer);
    member.sessionTimer = undefined;
    group.remove(member.memberId);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.prepareRebalance(group, `member ${member.memberId} left`);
    else this.tryCompleteJoin(group);
  }

  removePendingMember(group: Group, memberId: string): void {
    const timer = group.pendingMembers.get(memberId);
    if (timer) this.options.clock.clearTimeout(timer);
    group.pendingMembers.delete(memberId);
    this.tryCompleteJoin(group);
  }

  /** Answers every held request with `errorCode` and stops every timer of the group. */
  shutDown(group: Group, errorCode: number): void {
    const { clock } = this.options;
    for (const member of group.members.values()) {
      member.completeJoin(joinError(member.memberId, errorCode));
      member.completeSync(syncError(errorCode));
      if (member.sessionTimer) clock.clearTimeout(member.sessionTimer);
      member.sessionTimer = undefined;
    }
    for (const timer of group.pendingMembers.values()) clock.clearTimeout(timer);
    group.pendingMembers.clear();
    if (group.rebalanceTimer) clock.clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.is('CompletingRebalance')) {
      // Members waiting for an assignment of the old generation must rejoin instead.
      for (const member of group.members.values()) {
        member.assignment = Buffer.alloc(0);
        member.completeSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      }
    }
    const fromEmpty = group.is('Empty');
    group.transitionTo('PreparingRebalance');
    this.options.log(`group ${group.groupId} rebalancing after generation ${group.generationId}: ${reason}`);
    const delayMs = this.options.initialRebalanceDelayMs;
    if (fromEmpty && delayMs > 0) {
      // group.initial.rebalance.delay.ms: give a fleet of consumers starting together one rebalance.
      group.initialDelay = { remainingMs: Math.max(group.rebalanceTimeoutMs() - delayMs, 0), newMemberAdded: false };
      this.armRebalanceTimer(group, delayMs);
    } else {
      this.armRebalanceTimer(group, group.rebalanceTimeoutMs());
    }
    // Nobody may be left to wait for, e.g. when the last member just left.
    this.tryCompleteJoin(group);
  }

  private armRebalanceTimer(group: Group, ms: number): void {
    const { clock } = this.options;
    if (group.rebalanceTimer) clock.clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = clock.setTimeout(() => {
      group.rebalanceTimer = undefined;
      this.onRebalanceTimer(group);
    }, ms);
  }

  private onRebalanceTimer(group: Group): void {
    const delay = group.initialDelay;
    if (delay && delay.newMemberAdded && delay.remainingMs > 0) {
      const next = Math.min(this.options.initialRebalanceDelayMs, delay.remainingMs);
      group.initialDelay = { remainingMs: delay.remainingMs - next, newMemberAdded: false };
      this.armRebalanceTimer(group, next);
      return;
    }
    this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    if (!group.is('PreparingRebalance')) return;
    const { clock, log } = this.options;
    if (group.rebalanceTimer) clock.clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
    group.initialDelay = undefined;
    for (const member of [...group.members.values()]) {
      if (member.isAwaitingJoin) continue;
      log(`member ${member.memberId} did not rejoin group ${group.groupId} in time; removing it`);
      if (member.sessionTimer) clock.clearTimeout(member.sessionTimer);
      member.sessionTimer = undefined;
      group.remove(member.memberId);
    }
    group.initNextGeneration();
    if (group.is('Empty')) return log(`group ${group.groupId} is empty at generation ${group.generationId}`);
    log(`group ${group.groupId} generation ${group.generationId} formed with ${group.members.size} member(s)`);
    for (const member of group.members.values()) {
      member.completeJoin(generationAnswer(group, member, true));
      this.resetSessionTimer(group, member);
    }
  }

  private onSessionExpired(group: Group, member: Member): void {
    member.sessionTimer = undefined;
    if (group.members.get(member.memberId) !== member || group.is('Dead')) return;
    // A member blocked in JoinGroup or SyncGroup cannot heartbeat; the rebalance timeout or the
    // leader's own session decides its fate instead.
    if (member.isAwaitingJoin || member.isAwaitingSync) return this.resetSessionTimer(group, member);
    this.options.log(`member ${member.memberId} of group ${group.groupId} missed its session timeout; removing it`);
    this.removeMember(group, member);
  }
}

/**
 * The JoinGroup answer for the group's current generation. Only the leader gets the member list (it
 * computes the assignment); followers get an empty one.
 */
export function generationAnswer(group: Group, member: Member, listMembersToLeader: boolean): JoinGroupResult {
  const listMembers = listMembersToLeader && group.isLeader(member.memberId);
  const protocolName = group.protocolName ?? '';
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    members: listMembers
      ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: null,
          metadata: m.metadataFor(protocolName),
        }))
      : [],
  };
}
