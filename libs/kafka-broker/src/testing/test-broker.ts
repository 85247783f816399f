import { startBroker } from '../broker';
import { makeTempDir, removeDir } from './temp-dir';

type StartOptions = NonNullable<Parameters<typeof startBroker>[0]>;

export interface TestBroker {
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  /** Lines the broker logged; tests assert on them instead of letting them clutter the jest output. */
  readonly logs: string[];
  /** Stops the broker and removes its temp data dir. */
  stop(): Promise<void>;
}

/**
 * An in-process broker on an ephemeral port with a quiet, captured log. `persistent` gives it a
 * temp data dir (removed on stop) so the file-backed store is the one under test.
 */
export async function startTestBroker(
  options: Omit<StartOptions, 'port' | 'log' | 'dataDir'> & { persistent?: boolean } = {},
): Promise<TestBroker> {
  const { persistent, ...rest } = options;
  const dataDir = persistent ? makeTempDir('kafka-broker-test-') : undefined;
  const logs: string[] = [];
  try {
    const broker = await startBroker({ ...rest, port: 0, dataDir, log: (line) => logs.push(line) });
    return {
      address: broker.address,
      host: broker.host,
      port: broker.port,
      dataDir,
      logs,
      stop: async () => {
        await broker.stop();
        removeDir(dataDir);
      },
    };
  } catch (error) {
    removeDir(dataDir);
    throw error;
  }
}
