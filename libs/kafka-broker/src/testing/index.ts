export { waitFor } from './wait-for';
export { makeTempDir, removeDir } from './temp-dir';
export { uniqueName } from './unique-name';
export { range } from './range';
export { runCommand, probeSucceeds, describeResult, type CommandResult } from './run-command';
export { spawnBroker, BROKER_CLI_PATH, type BrokerProcess, type SpawnBrokerOptions } from './broker-process';
export { startTestBroker, type TestBroker } from './test-broker';
