// A service that dies during start-up, so the stack's start failure path has something to report.
console.error('stand-in crash: cannot reach the moon');
process.exit(3);
