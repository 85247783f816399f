// Entry run with plain node by startStack: registers tsx's loader, then runs the TypeScript service.
require('tsx/cjs');
require('./skeleton-service.ts');
