import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../clock';
import { makeTempDir, removeDir } from '../testing/temp-dir';
import { GroupCoordinator } from './group-coordinator';

describe('GroupCoordinator on a data dir', () => {
  let dataDir: string;
  const open = (logs: string[] = []) =>
    GroupCoordinator.open({ clock: new ManualClock(), dataDir, log: (m) => logs.push(m) });
  const logFile = () => join(dataDir, 'groups', 'offsets.log');
  const commit = (coordinator: GroupCoordinator, groupId: string, partition: number, offset: number, metadata: string | null = '') =>
    coordinator.commitOffsets({ groupId, generationId: -1, memberId: '', offsets: [{ topic: 't', partition, offset, metadata }] });
  const committed = (coordinator: GroupCoordinator, groupId: string) =>
    coordinator.fetchOffsets(groupId, null).topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.committedOffset, p.metadata]));

  beforeEach(() => {
    dataDir = makeTempDir('group-offsets-');
  });
  afterEach(() => removeDir(dataDir));

  it('brings committed offsets and their metadata back after close and reopen', () => {
    const first = open();
    commit(first, 'g', 0, 10, '');
    commit(first, 'g', 1, 20, null);
    commit(first, 'g', 0, 11, 'm');
    first.close();

    const second = open();
    expect(committed(second, 'g')).toEqual([
      ['t', 0, 11, 'm'],
      ['t', 1, 20, null],
    ]);
    expect(second.describeGroup('g').groupState).toBe('Empty');
    second.close();
  });

  it('has every acknowledged commit on disk before close, as a killed process would leave it', () => {
    const crashed = open();
    commit(crashed, 'g', 0, 42);
    // No close(): the next broker reads what the killed one left behind.
    const recovered = open();
    expect(committed(recovered, 'g')).toEqual([['t', 0, 42, '']]);
    recovered.close();
    crashed.close();
  });

  it('ignores a record torn by a crash in the middle of an append', () => {
    const first = open();
    commit(first, 'g', 0, 1);
    first.close();
    appendFileSync(logFile(), '{"kind":"commit","groupId":"g","offsets":[{"topic":"t","parti');

    const logs: string[] = [];
    const second = open(logs);
    expect(committed(second, 'g')).toEqual([['t', 0, 1, '']]);
    expect(logs.some((l) => l.includes('torn'))).toBe(true);
    commit(second, 'g', 0, 2);
    second.close();

    const third = open();
    expect(committed(third, 'g')).toEqual([['t', 0, 2, '']]);
    third.close();
  });

  it('skips an unreadable line in the middle and keeps the records around it', () => {
    const first = open();
    first.close();
    appendFileSync(
      logFile(),
      [
        '{"kind":"commit","groupId":"g","offsets":[{"topic":"t","partition":0,"offset":1,"metadata":""}]}',
        'garbage',
        '{"kind":"commit","groupId":"g","offsets":[{"topic":"t","partition":1,"offset":2,"metadata":null}]}',
        '',
      ].join('\n'),
    );
    const second = open();
    expect(committed(second, 'g')).toEqual([
      ['t', 0, 1, ''],
      ['t', 1, 2, null],
    ]);
    second.close();
  });

  it('compacts the log on open to one record per group', () => {
    const first = open();
    for (let i = 0; i < 50; i++) commit(first, 'g', i % 2, i);
    commit(first, 'other', 0, 7);
    first.close();
    expect(readFileSync(logFile(), 'utf8').trim().split('\n')).toHaveLength(51);

    open().close();
    expect(readFileSync(logFile(), 'utf8').trim().split('\n')).toHaveLength(2);
    const reopened = open();
    expect(committed(reopened, 'g')).toEqual([
      ['t', 0, 48, ''],
      ['t', 1, 49, ''],
    ]);
    reopened.close();
  });

  it('compacts the log while running once superseded commits pile up', () => {
    const coordinator = open();
    for (let i = 0; i < 10_000; i++) commit(coordinator, 'g', 0, i);
    expect(readFileSync(logFile(), 'utf8').trim().split('\n').length).toBeLessThan(10);
    commit(coordinator, 'g', 1, 5);
    coordinator.close();
    const reopened = open();
    expect(committed(reopened, 'g')).toEqual([
      ['t', 0, 9_999, ''],
      ['t', 1, 5, ''],
    ]);
    reopened.close();
  });

  it('remembers deleted groups and forgotten topics across a restart', () => {
    const first = open();
    commit(first, 'gone', 0, 1);
    commit(first, 'kept', 0, 1);
    first.commitOffsets({ groupId: 'kept', generationId: -1, memberId: '', offsets: [{ topic: 'u', partition: 0, offset: 3, metadata: '' }] });
    expect(first.deleteGroup('gone')).toBe(0);
    first.forgetTopic('t');
    first.close();

    const second = open();
    expect(second.describeGroup('gone').groupState).toBe('Dead');
    expect(committed(second, 'kept')).toEqual([['u', 0, 3, '']]);
    second.close();
  });

  it('writes synchronously with fsync on as well', () => {
    const first = GroupCoordinator.open({ clock: new ManualClock(), dataDir, fsync: true });
    commit(first, 'g', 0, 5);
    const second = open();
    expect(committed(second, 'g')).toEqual([['t', 0, 5, '']]);
    second.close();
    first.close();
  });
});
