export { startBroker, type StartBrokerOptions, type RunningBroker } from './broker';
export { type BrokerConfig, DEFAULT_BROKER_CONFIG } from './config';
export { type Clock, type TimerHandle, systemClock, ManualClock } from './clock';
export { ErrorCode, KafkaError } from './errors';
