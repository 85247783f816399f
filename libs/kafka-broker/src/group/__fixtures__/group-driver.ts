import { ManualClock } from '../../clock';
import { GroupCoordinator, GroupCoordinatorOptions } from '../group-coordinator';
import type { JoinGroupParams } from '../membership';
import type { JoinGroupResult } from '../results';

/** A coordinator on a manual clock, with its log lines kept for inspection. */
export function openCoordinator(options: Partial<GroupCoordinatorOptions> = {}) {
  const clock = new ManualClock();
  const logs: string[] = [];
  const coordinator = GroupCoordinator.open({ clock, log: (m) => logs.push(m), ...options });
  return { clock, coordinator, logs };
}

export function joinParams(overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId: 'g',
    memberId: '',
    requireKnownMemberId: false,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'roundrobin', metadata: Buffer.from('subscription') }],
    ...overrides,
  };
}

/** Watches a maybe-held answer so a test can ask whether the coordinator has answered yet. */
export class Tracked<T> {
  value?: T;
  done = false;

  constructor(result: T | Promise<T>) {
    void Promise.resolve(result).then((value) => {
      this.value = value;
      this.done = true;
    });
  }

  get result(): T {
    if (!this.done) throw new Error('the coordinator has not answered yet');
    return this.value!;
  }
}

/** Lets promise callbacks run; the coordinator resolves held requests synchronously, so one turn is enough. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Joins a brand-new member (no MEMBER_ID_REQUIRED round) and returns its tracked JoinGroup. */
export function joinNew(coordinator: GroupCoordinator, overrides: Partial<JoinGroupParams> = {}): Tracked<JoinGroupResult> {
  return new Tracked(coordinator.joinGroup(joinParams(overrides)));
}

/** Builds a one-member Stable group and returns that member's id and generation. */
export async function stableGroupOfOne(coordinator: GroupCoordinator, groupId = 'g') {
  const join = joinNew(coordinator, { groupId });
  await settle();
  const { memberId, generationId } = join.result;
  const sync = new Tracked(
    coordinator.syncGroup({ groupId, generationId, memberId, assignments: [{ memberId, assignment: Buffer.from('a') }] }),
  );
  await settle();
  if (sync.result.errorCode !== 0) throw new Error(`sync failed with ${sync.result.errorCode}`);
  return { memberId, generationId };
}
