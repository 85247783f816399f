/**
 * The classic group protocol's states, spelled exactly as DescribeGroups reports them (clients compare
 * the strings, e.g. kafkajs `admin.setOffsets` only proceeds for "Empty" or "Dead").
 */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/**
 * Which state may precede each state. Checked on every transition so a coordinator bug shows up as an
 * exception at the faulty step instead of as a group that silently answers nonsense later.
 */
const allowedPredecessors: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Empty', 'Stable', 'CompletingRebalance'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'],
};

export function canTransition(from: GroupState, to: GroupState): boolean {
  return allowedPredecessors[to].includes(from);
}

export class IllegalGroupTransitionError extends Error {
  constructor(groupId: string, from: GroupState, to: GroupState) {
    super(`group "${groupId}" cannot move from ${from} to ${to}`);
    this.name = 'IllegalGroupTransitionError';
  }
}
