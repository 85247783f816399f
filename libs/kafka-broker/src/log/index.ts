export { TopicStore, type TopicInfo, type TopicStoreOptions } from './topic-store';
export { type PartitionLog } from './partition-log';
export { isValidTopicName } from './topic-name';
export { validateTopicConfigs, DEFAULT_LOG_CONFIG, type LogConfig } from './topic-config';
