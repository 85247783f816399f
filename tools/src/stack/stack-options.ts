import { ServiceName } from '../service-catalogue';

export interface StackPortOptions {
  /** 0 or absent: a free port picked at start, so a test stack never clashes with a running `npm start`. */
  kafka?: number;
  services?: Partial<Record<ServiceName, number>>;
  databases?: Partial<Record<ServiceName, number>>;
}

export interface StackOptions {
  /** Where broker data, PostgreSQL clusters and logs live; absent: a fresh temp dir that stop() removes. */
  dataDir?: string;
  /** Keep a temp data dir after stop() (e.g. to read the logs of a failed run). */
  keepDataDir?: boolean;
  ports?: StackPortOptions;
  /** Services to run; default all three. */
  services?: readonly ServiceName[];
  /** PostgreSQL servers to run; default those of `services`. */
  databases?: readonly ServiceName[];
  /** Extra environment per service, on top of KAFKA_BROKERS, DATABASE_URL and PORT (fault injection...). */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Script run with node for a service; default apps/<service>/dist/main.js. */
  serviceEntry?: Partial<Record<ServiceName, string>>;
  /** The broker CLI run with node; default libs/kafka-broker/dist/cli.js. */
  brokerEntry?: string;
  /** Extra arguments for the broker CLI, e.g. ['--partitions', '3']. */
  brokerArgs?: readonly string[];
  /** Per process, how long it may take to become ready; default 60 s. */
  readyTimeoutMs?: number;
  /** Aborting while the stack starts stops what has started and makes startStack reject. */
  signal?: AbortSignal;
  /** Every line any process prints, after it has been written to that process's log file. */
  onOutput?: (source: string, line: string) => void;
  /** A process exited without kill(), restart(), stopDatabase() or stop() asking it to. */
  onUnexpectedExit?: (source: string, code: number | null, signal: NodeJS.Signals | null) => void;
}
