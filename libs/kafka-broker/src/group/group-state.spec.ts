import { canTransition, GroupState } from './group-state';
import { Group } from './group';

describe('group states', () => {
  it('allows the rebalance cycle Empty -> PreparingRebalance -> CompletingRebalance -> Stable -> PreparingRebalance', () => {
    const path: GroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'PreparingRebalance'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
  });

  it('allows a rebalance to end Empty when every member is gone', () => {
    expect(canTransition('PreparingRebalance', 'Empty')).toBe(true);
  });

  it('refuses shortcuts that would skip the join or sync phase', () => {
    expect(canTransition('Empty', 'Stable')).toBe(false);
    expect(canTransition('Empty', 'CompletingRebalance')).toBe(false);
    expect(canTransition('PreparingRebalance', 'Stable')).toBe(false);
    expect(canTransition('Stable', 'CompletingRebalance')).toBe(false);
    expect(canTransition('Stable', 'Empty')).toBe(false);
  });

  it('lets every state die but nothing come back from Dead', () => {
    for (const from of ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'] as GroupState[]) {
      expect(canTransition(from, 'Dead')).toBe(true);
    }
    for (const to of ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'] as GroupState[]) {
      expect(canTransition('Dead', to)).toBe(false);
    }
  });

  it('throws when a group is moved along a forbidden edge', () => {
    const group = new Group('g');
    expect(() => group.transitionTo('Stable')).toThrow('cannot move from Empty to Stable');
  });
});
