import { resolve } from 'node:path';

/**
 * The environment every benchmarked service gets: logs at warn (at info each saga writes ~10 lines that the
 * bench, as the stack's parent, would copy to files), the `--env KEY=VALUE` pairs given, and with
 * `cpuProfileDir` a V8 CPU profile per service written there.
 */
export function benchServiceEnv(pairs: readonly string[], cpuProfileDir?: string): NodeJS.ProcessEnv {
  return {
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
    ...(cpuProfileDir && {
      NODE_OPTIONS: `--require ${resolve(__dirname, 'saga/cpu-profile.preload.cjs')}`,
      CPU_PROFILE_DIR: cpuProfileDir,
    }),
  };
}
