import { spawnBroker } from './testing/broker-process';
import { makeTempDir, removeDir } from './testing/temp-dir';

/** Runs the built CLI (dist/cli.js) as scripts and the dev stack do. */
describe('kafka-broker CLI', () => {
  it('prints one ready line naming its data dir and exits 0 on SIGTERM', async () => {
    const dataDir = makeTempDir('cli-spec-');
    try {
      const broker = await spawnBroker({ dataDir, partitions: 1 });
      expect(broker.output()).toContain(`kafka-broker ready on localhost:${broker.port} (data: ${dataDir})\n`);
      expect(await broker.stop()).toBe(0);
      expect(broker.output().match(/ready on/g)).toHaveLength(1);
    } finally {
      removeDir(dataDir);
    }
  });

  it('says in-memory when started without a data dir', async () => {
    const broker = await spawnBroker();
    expect(broker.output()).toMatch(/kafka-broker ready on localhost:\d+ \(data: in-memory\)/);
    expect(await broker.stop()).toBe(0);
  });
});
