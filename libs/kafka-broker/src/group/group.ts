import type { TimerHandle } from '../clock';
import { canTransition, GroupState, IllegalGroupTransitionError } from './group-state';
import type { Member, ProtocolOffer } from './member';

/**
 * One consumer group's membership: state, generation, leader, members and the member ids handed out
 * with MEMBER_ID_REQUIRED that have not joined yet. Pure bookkeeping; the coordinator decides when
 * things happen.
 */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member id -> its expiry timer; a pending id that never rejoins must not block rebalances forever. */
  readonly pendingMembers = new Map<string, TimerHandle>();
  rebalanceTimer?: TimerHandle;
  /** Set while `group.initial.rebalance.delay.ms` holds the first rebalance open for more joiners. */
  initialDelay?: { remainingMs: number; newMemberAdded: boolean };

  constructor(readonly groupId: string) {}

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(next: GroupState): void {
    if (!canTransition(this.state, next)) throw new IllegalGroupTransitionError(this.groupId, this.state, next);
    this.state = next;
  }

  add(member: Member): void {
    // The first member fixes the protocol type for everyone who follows.
    if (this.members.size === 0) this.protocolType = member.profile.protocolType;
    this.members.set(member.memberId, member);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  remove(memberId: string): void {
    this.members.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  /** The rebalance waits this long for members to rejoin: the most patient member sets the pace. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.profile.rebalanceTimeoutMs);
    return max;
  }

  hasAllMembersJoined(): boolean {
    for (const member of this.members.values()) if (!member.isAwaitingJoin) return false;
    return this.pendingMembers.size === 0;
  }

  /** Can a member offering these protocols join without breaking what the others agreed on? */
  supportsProtocols(protocolType: string, protocols: ProtocolOffer[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    return (
      this.protocolType === protocolType &&
      protocols.some((offer) => [...this.members.values()].every((m) => m.supports(offer.name)))
    );
  }

  /**
   * The protocol every member supports that most members list first among those candidates, as Kafka
   * votes; ties go to the candidate the leader prefers so the choice is deterministic.
   */
  selectProtocol(): string {
    const members = [...this.members.values()];
    const candidates = members[0].profile.protocols
      .map((p) => p.name)
      .filter((name) => members.every((m) => m.supports(name)));
    if (candidates.length === 0) throw new Error(`group "${this.groupId}" has no protocol all members support`);
    const votes = new Map<string, number>();
    for (const member of members) {
      const choice = member.profile.protocols.find((p) => candidates.includes(p.name))!.name;
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    const leader = this.leaderId ? this.members.get(this.leaderId) : undefined;
    const preference = leader ? leader.profile.protocols.map((p) => p.name) : candidates;
    const ranked = [...votes.entries()].sort(
      ([a, va], [b, vb]) => vb - va || preference.indexOf(a) - preference.indexOf(b),
    );
    return ranked[0][0];
  }

  /** Closes a rebalance: next generation, and either CompletingRebalance with a protocol or Empty. */
  initNextGeneration(): void {
    this.generationId += 1;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.transitionTo('Empty');
    }
  }
}
