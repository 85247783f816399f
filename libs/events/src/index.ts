export * from './topics';
export * from './envelope';
export * from './catalogue';
export * from './saga-event';
export { CANCEL_REASONS, type CancelReason } from './payloads/common';
