// Loaded with `node --require` into each service by `npm run bench -- --cpu-prof` (Node 20 refuses
// --cpu-prof in NODE_OPTIONS): profiles the whole life of the process and writes a .cpuprofile
// (open it in Chrome DevTools) into CPU_PROFILE_DIR when the process is stopped.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.enable');
session.post('Profiler.start');
let written = false;
function writeProfile() {
  if (written) return;
  written = true;
  // The main thread's session answers synchronously, so this completes inside the handler.
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const dir = process.env.CPU_PROFILE_DIR;
    mkdirSync(dir, { recursive: true });
    const name = `${process.env.SERVICE_NAME ?? 'process'}-${process.pid}.cpuprofile`;
    writeFileSync(join(dir, name), JSON.stringify(result.profile));
  });
}
// Nest's shutdown hook re-raises SIGTERM after closing the app, so no 'exit' event follows it:
// write on the signal (once, so the re-raised one still ends the process), and on a plain exit.
process.once('SIGTERM', writeProfile);
process.on('exit', writeProfile);
