import { ErrorCode } from '../errors';
import { joinNew, joinParams, openCoordinator, settle, stableGroupOfOne, Tracked } from './__fixtures__/group-driver';

describe('GroupCoordinator membership', () => {
  describe('JoinGroup', () => {
    it('asks a v4+ newcomer to rejoin with a generated id before admitting it', async () => {
      const { coordinator } = openCoordinator();
      const first = joinNew(coordinator, { requireKnownMemberId: true, clientId: 'kafkajs' });
      await settle();
      expect(first.result.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
      expect(first.result.memberId).toMatch(/^kafkajs-[0-9a-f-]{36}$/);
      expect(coordinator.describeGroup('g').members).toHaveLength(0);

      const second = joinNew(coordinator, { requireKnownMemberId: true, memberId: first.result.memberId });
      await settle();
      expect(second.result).toMatchObject({ errorCode: 0, memberId: first.result.memberId, generationId: 1 });
      expect(second.result.leader).toBe(first.result.memberId);
    });

    it('admits a newcomer directly when the request version is below 4', async () => {
      const { coordinator } = openCoordinator();
      const join = joinNew(coordinator, { requireKnownMemberId: false });
      await settle();
      expect(join.result.errorCode).toBe(0);
      expect(join.result.memberId).not.toBe('');
      expect(coordinator.describeGroup('g').groupState).toBe('CompletingRebalance');
    });

    it('elects the first member leader and lists all members with metadata to the leader only', async () => {
      const { coordinator } = openCoordinator();
      const { memberId: leaderId, generationId } = await stableGroupOfOne(coordinator);
      const follower = joinNew(coordinator, { protocols: [{ name: 'roundrobin', metadata: Buffer.from('f') }] });
      await settle();
      expect(follower.done).toBe(false);

      expect(coordinator.heartbeat('g', leaderId, generationId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const leader = joinNew(coordinator, { memberId: leaderId });
      await settle();

      expect(leader.result.generationId).toBe(2);
      expect(leader.result.leader).toBe(leaderId);
      expect(leader.result.protocolName).toBe('roundrobin');
      expect(leader.result.members.map((m) => [m.memberId, m.metadata.toString()])).toEqual([
        [leaderId, 'subscription'],
        [follower.result.memberId, 'f'],
      ]);
      expect(follower.result).toMatchObject({ errorCode: 0, generationId: 2, leader: leaderId, members: [] });
    });

    it('refuses a session timeout outside the configured bounds', async () => {
      const { coordinator } = openCoordinator({ minSessionTimeoutMs: 6_000, maxSessionTimeoutMs: 60_000 });
      for (const sessionTimeoutMs of [5_999, 60_001]) {
        const join = joinNew(coordinator, { sessionTimeoutMs });
        await settle();
        expect(join.result.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
      }
    });

    it('refuses a member whose protocol type or protocols do not fit the group', async () => {
      const { coordinator } = openCoordinator();
      await stableGroupOfOne(coordinator);
      const otherType = joinNew(coordinator, { protocolType: 'connect' });
      const noCommonProtocol = joinNew(coordinator, { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] });
      await settle();
      expect(otherType.result.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      expect(noCommonProtocol.result.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    });

    it('answers UNKNOWN_MEMBER_ID to a member id the group does not know', async () => {
      const { coordinator } = openCoordinator();
      const unknownGroup = joinNew(coordinator, { groupId: 'nobody', memberId: 'ghost' });
      await stableGroupOfOne(coordinator);
      const unknownMember = joinNew(coordinator, { memberId: 'ghost' });
      await settle();
      expect(unknownGroup.result.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(unknownMember.result.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('answers a Stable follower rejoining with unchanged metadata with the current generation', async () => {
      const { coordinator } = openCoordinator();
      const { memberId: leaderId } = await stableGroupOfOne(coordinator);
      const followerJoin = joinNew(coordinator);
      const leaderJoin = joinNew(coordinator, { memberId: leaderId });
      await settle();
      const followerId = followerJoin.result.memberId;
      const gen = leaderJoin.result.generationId;
      coordinator.syncGroup({ groupId: 'g', generationId: gen, memberId: leaderId, assignments: [] });
      expect(coordinator.describeGroup('g').groupState).toBe('Stable');

      const again = joinNew(coordinator, { memberId: followerId });
      await settle();
      expect(again.result).toMatchObject({ errorCode: 0, generationId: gen, leader: leaderId, members: [] });
      expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    });

    it('starts a rebalance when the Stable leader rejoins', async () => {
      const { coordinator } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      const rejoin = joinNew(coordinator, { memberId });
      await settle();
      expect(rejoin.result.generationId).toBe(generationId + 1);
    });

    it('holds the joins of the first rebalance for the initial rebalance delay when one is configured', async () => {
      const { coordinator, clock } = openCoordinator({ initialRebalanceDelayMs: 3_000 });
      const a = joinNew(coordinator);
      clock.advance(2_000);
      const b = joinNew(coordinator);
      clock.advance(2_999);
      await settle();
      expect(a.done).toBe(false);
      // b arrived during the delay, so the delay starts over once: 3000 + 3000.
      clock.advance(1);
      await settle();
      expect(a.done).toBe(false);
      clock.advance(1_000);
      await settle();
      expect(a.result.generationId).toBe(1);
      expect(b.result.generationId).toBe(1);
    });
  });

  describe('SyncGroup', () => {
    it('holds followers until the leader hands in the assignment, then answers everyone', async () => {
      const { coordinator } = openCoordinator();
      const a = joinNew(coordinator);
      await settle();
      const b = joinNew(coordinator);
      const aAgain = joinNew(coordinator, { memberId: a.result.memberId });
      await settle();
      const leaderId = aAgain.result.leader;
      const followerId = b.result.memberId;
      const generationId = b.result.generationId;

      const followerSync = new Tracked(coordinator.syncGroup({ groupId: 'g', generationId, memberId: followerId, assignments: [] }));
      await settle();
      expect(followerSync.done).toBe(false);
      expect(coordinator.heartbeat('g', followerId, generationId)).toBe(ErrorCode.NONE);

      const leaderSync = new Tracked(
        coordinator.syncGroup({
          groupId: 'g',
          generationId,
          memberId: leaderId,
          assignments: [{ memberId: followerId, assignment: Buffer.from('p0') }],
        }),
      );
      await settle();
      expect(followerSync.result).toEqual({ errorCode: 0, assignment: Buffer.from('p0') });
      // The leader assigned itself nothing: it gets empty bytes, never null.
      expect(leaderSync.result).toEqual({ errorCode: 0, assignment: Buffer.alloc(0) });
      expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    });

    it('answers 25 to strangers, 22 to another generation and 27 while members are rejoining', async () => {
      const { coordinator } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      const sync = (memberIdArg: string, gen: number) =>
        coordinator.syncGroup({ groupId: 'g', generationId: gen, memberId: memberIdArg, assignments: [] });
      expect(sync('stranger', generationId)).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
      expect(sync(memberId, generationId + 5)).toMatchObject({ errorCode: ErrorCode.ILLEGAL_GENERATION });
      joinNew(coordinator);
      expect(sync(memberId, generationId)).toMatchObject({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS });
    });

    it('returns the stored assignment to a member syncing again in a Stable group', async () => {
      const { coordinator } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      const again = coordinator.syncGroup({ groupId: 'g', generationId, memberId, assignments: [] });
      expect(again).toEqual({ errorCode: 0, assignment: Buffer.from('a') });
    });

    it('sends waiting followers 27 when a rebalance starts before the leader synced', async () => {
      const { coordinator } = openCoordinator();
      const a = joinNew(coordinator);
      await settle();
      const b = joinNew(coordinator);
      joinNew(coordinator, { memberId: a.result.memberId });
      await settle();
      const followerSync = new Tracked(
        coordinator.syncGroup({ groupId: 'g', generationId: b.result.generationId, memberId: b.result.memberId, assignments: [] }),
      );
      joinNew(coordinator);
      await settle();
      expect(followerSync.result.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      expect(followerSync.result.assignment).toEqual(Buffer.alloc(0));
    });
  });

  describe('Heartbeat', () => {
    it('tells members of a Stable group all is well and strangers or stale generations otherwise', async () => {
      const { coordinator } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      expect(coordinator.heartbeat('g', memberId, generationId)).toBe(ErrorCode.NONE);
      expect(coordinator.heartbeat('g', memberId, generationId - 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
      expect(coordinator.heartbeat('g', 'stranger', generationId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(coordinator.heartbeat('unknown-group', memberId, generationId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('tells existing members to rejoin when a third member joins', async () => {
      const { coordinator } = openCoordinator();
      const a = joinNew(coordinator);
      await settle();
      const b = joinNew(coordinator);
      const aAgain = joinNew(coordinator, { memberId: a.result.memberId });
      await settle();
      const generationId = aAgain.result.generationId;
      coordinator.syncGroup({ groupId: 'g', generationId, memberId: a.result.memberId, assignments: [] });

      const c = joinNew(coordinator);
      expect(coordinator.heartbeat('g', a.result.memberId, generationId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      expect(coordinator.heartbeat('g', b.result.memberId, generationId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);

      joinNew(coordinator, { memberId: b.result.memberId });
      await settle();
      expect(c.done).toBe(false);
      const aThird = joinNew(coordinator, { memberId: a.result.memberId });
      await settle();
      expect(c.result.generationId).toBe(generationId + 1);
      expect(aThird.result.leader).toBe(a.result.memberId);
      expect(aThird.result.members).toHaveLength(3);
    });
  });

  describe('LeaveGroup', () => {
    it('rebalances the remaining members when one leaves', async () => {
      const { coordinator } = openCoordinator();
      const a = joinNew(coordinator);
      await settle();
      const b = joinNew(coordinator);
      joinNew(coordinator, { memberId: a.result.memberId });
      await settle();
      const generationId = b.result.generationId;

      expect(coordinator.leaveGroup('g', [a.result.memberId])).toEqual({
        errorCode: 0,
        members: [{ memberId: a.result.memberId, errorCode: 0 }],
      });
      expect(coordinator.heartbeat('g', b.result.memberId, generationId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const bAgain = joinNew(coordinator, { memberId: b.result.memberId });
      await settle();
      expect(bAgain.result).toMatchObject({ generationId: generationId + 1, leader: b.result.memberId });
    });

    it('empties the group when its last member leaves', async () => {
      const { coordinator } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      coordinator.leaveGroup('g', [memberId]);
      expect(coordinator.describeGroup('g')).toMatchObject({ groupState: 'Empty', members: [] });
      expect(coordinator.heartbeat('g', memberId, generationId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('reports an unknown member per member and leaves the others', async () => {
      const { coordinator } = openCoordinator();
      const { memberId } = await stableGroupOfOne(coordinator);
      expect(coordinator.leaveGroup('g', ['ghost', memberId]).members).toEqual([
        { memberId: 'ghost', errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
        { memberId, errorCode: 0 },
      ]);
    });
  });

  describe('timeouts', () => {
    it('removes a member whose session expired and rebalances the others', async () => {
      const { coordinator, clock } = openCoordinator();
      const a = joinNew(coordinator, { sessionTimeoutMs: 10_000 });
      await settle();
      const b = joinNew(coordinator, { sessionTimeoutMs: 30_000 });
      joinNew(coordinator, { memberId: a.result.memberId, sessionTimeoutMs: 10_000 });
      await settle();
      const generationId = b.result.generationId;
      coordinator.syncGroup({ groupId: 'g', generationId, memberId: a.result.memberId, assignments: [] });

      clock.advance(9_000);
      expect(coordinator.heartbeat('g', b.result.memberId, generationId)).toBe(ErrorCode.NONE);
      clock.advance(1_000);
      expect(coordinator.heartbeat('g', b.result.memberId, generationId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      expect(coordinator.describeGroup('g').members.map((m) => m.memberId)).toEqual([b.result.memberId]);
    });

    it('empties the group when its only member stops heartbeating', async () => {
      const { coordinator, clock } = openCoordinator();
      const { memberId, generationId } = await stableGroupOfOne(coordinator);
      clock.advance(9_999);
      expect(coordinator.heartbeat('g', memberId, generationId)).toBe(ErrorCode.NONE);
      clock.advance(9_999);
      expect(coordinator.describeGroup('g').groupState).toBe('Stable');
      clock.advance(1);
      expect(coordinator.describeGroup('g').groupState).toBe('Empty');
    });

    it('completes the rebalance without a member that never rejoined within the rebalance timeout', async () => {
      const { coordinator, clock } = openCoordinator();
      const a = joinNew(coordinator, { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 });
      await settle();
      coordinator.syncGroup({ groupId: 'g', generationId: 1, memberId: a.result.memberId, assignments: [] });
      const b = joinNew(coordinator, { rebalanceTimeoutMs: 20_000 });
      clock.advance(19_999);
      await settle();
      expect(b.done).toBe(false);
      clock.advance(1);
      await settle();
      expect(b.result).toMatchObject({ errorCode: 0, generationId: 2, leader: b.result.memberId });
      expect(b.result.members.map((m) => m.memberId)).toEqual([b.result.memberId]);
      expect(coordinator.heartbeat('g', a.result.memberId, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('keeps a member alive while its JoinGroup is held', async () => {
      const { coordinator, clock } = openCoordinator();
      const a = joinNew(coordinator, { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
      await settle();
      coordinator.syncGroup({ groupId: 'g', generationId: 1, memberId: a.result.memberId, assignments: [] });
      const b = joinNew(coordinator, { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
      for (let t = 0; t < 30_000; t += 5_000) {
        clock.advance(5_000);
        expect(coordinator.heartbeat('g', a.result.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      }
      const aAgain = joinNew(coordinator, { memberId: a.result.memberId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
      await settle();
      // b waited 30 s, three session timeouts, without being dropped.
      expect(b.result.members).toEqual([]);
      expect(aAgain.result.members).toHaveLength(2);
    });

    it('forgets a MEMBER_ID_REQUIRED id that never came back, so it does not block the rebalance', async () => {
      const { coordinator, clock } = openCoordinator();
      const { memberId } = await stableGroupOfOne(coordinator);
      const pending = joinNew(coordinator, { requireKnownMemberId: true, sessionTimeoutMs: 10_000 });
      await settle();
      expect(pending.result.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
      const rejoin = joinNew(coordinator, { memberId, rebalanceTimeoutMs: 60_000 });
      await settle();
      // The leader's own rejoin starts a rebalance that waits for the pending id ...
      expect(rejoin.done).toBe(false);
      clock.advance(10_000);
      await settle();
      // ... until that id expires.
      expect(rejoin.result).toMatchObject({ errorCode: 0, generationId: 2 });
      const late = joinNew(coordinator, { memberId: pending.result.memberId, requireKnownMemberId: true });
      await settle();
      expect(late.result.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });
  });

  describe('close', () => {
    it('answers held joins and syncs with COORDINATOR_NOT_AVAILABLE and stops its timers', async () => {
      const { coordinator, clock, logs } = openCoordinator();
      const a = joinNew(coordinator);
      await settle();
      const held = joinNew(coordinator);
      coordinator.close();
      await settle();
      expect(held.result.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      const before = logs.length;
      clock.advance(10 * 60_000);
      expect(logs.length).toBe(before);
      expect(coordinator.heartbeat('g', a.result.memberId, 1)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    });
  });

  it('rejects an empty group id on the membership calls', async () => {
    const { coordinator } = openCoordinator();
    const join = new Tracked(coordinator.joinGroup(joinParams({ groupId: '' })));
    await settle();
    expect(join.result.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(coordinator.heartbeat('', 'm', 1)).toBe(ErrorCode.INVALID_GROUP_ID);
  });
});
