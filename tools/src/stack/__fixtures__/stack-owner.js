// Owns a stack in a process of its own, so a test can SIGKILL the owner and check that nothing it
// started outlives it. Usage: node stack-owner.js '<StackOptions as JSON>'; prints one JSON line once up.
const { startStack } = require('../../../dist/stack/start-stack.js');

startStack(JSON.parse(process.argv[2] || '{}')).then(
  (stack) => {
    const pids = stack.processes().map((handle) => handle.pid);
    console.log(JSON.stringify({ dataDir: stack.dataDir, pids }));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
