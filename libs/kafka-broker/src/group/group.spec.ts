import { Group } from './group';
import { Member, MemberProfile } from './member';

function member(id: string, protocols: string[]): Member {
  const profile: MemberProfile = {
    clientId: 'c',
    clientHost: 'h',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: protocols.map((name) => ({ name, metadata: Buffer.from(`${id}:${name}`) })),
  };
  return new Member(id, profile);
}

describe('Group', () => {
  it('chooses the protocol most members prefer among those every member supports', () => {
    const group = new Group('g');
    group.add(member('a', ['range', 'roundrobin', 'sticky']));
    group.add(member('b', ['roundrobin', 'range']));
    group.add(member('c', ['roundrobin', 'range']));
    expect(group.selectProtocol()).toBe('roundrobin');
  });

  it('breaks a tied vote by the leader preference', () => {
    const group = new Group('g');
    group.add(member('a', ['range', 'roundrobin']));
    group.add(member('b', ['roundrobin', 'range']));
    expect(group.selectProtocol()).toBe('range');
  });

  it('accepts a joiner only if it shares the protocol type and one protocol with every member', () => {
    const group = new Group('g');
    group.add(member('a', ['range', 'roundrobin']));
    const offer = (names: string[]) => names.map((name) => ({ name, metadata: Buffer.alloc(0) }));
    expect(group.supportsProtocols('consumer', offer(['sticky', 'roundrobin']))).toBe(true);
    expect(group.supportsProtocols('consumer', offer(['sticky']))).toBe(false);
    expect(group.supportsProtocols('connect', offer(['range']))).toBe(false);
  });

  it('hands leadership to the next member when the leader is removed', () => {
    const group = new Group('g');
    group.add(member('a', ['range']));
    group.add(member('b', ['range']));
    group.remove('a');
    expect(group.leaderId).toBe('b');
    group.remove('b');
    expect(group.leaderId).toBeNull();
  });
});
