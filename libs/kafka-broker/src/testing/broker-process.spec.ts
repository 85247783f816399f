import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnBroker } from './broker-process';
import { makeTempDir, removeDir } from './temp-dir';

describe('spawnBroker', () => {
  const dir = makeTempDir('broker-process-spec-');
  afterAll(() => removeDir(dir));

  it('reads the advertised address from the ready line and stops the broker on SIGTERM', async () => {
    const broker = await spawnBroker({ dataDir: join(dir, 'data') });

    expect(broker.address).toBe(`localhost:${broker.port}`);
    expect(broker.port).toBeGreaterThan(0);
    expect(await broker.stop()).toBe(0);
  });

  it("rejects with the broker's output when the broker exits before it is ready", async () => {
    const notADirectory = join(dir, 'a-file');
    writeFileSync(notADirectory, 'not a data dir');

    await expect(spawnBroker({ dataDir: notADirectory })).rejects.toThrow(/exited \(1\) before it was ready:[\s\S]*failed to start/);
  });
});
