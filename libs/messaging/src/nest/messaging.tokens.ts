export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const INBOX_PURGER = Symbol('INBOX_PURGER');
