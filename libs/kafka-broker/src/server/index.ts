export { KafkaServer, type KafkaServerOptions } from './kafka-server';
export { Router, type ConnectionInfo } from './router';
export type { RouteOutcome } from './route-outcome';
