/**
 * `npx tsx bench/ab.cli.ts --b KEY=VALUE [--a KEY=VALUE ...] [--rate N] [--seconds N] [--lead-in-seconds N] [--rounds N]`: the whole
 * saga at one fixed rate, under two service environments of one build, alternated A B B A A B ... so the machine's
 * drift falls on both. Prints each run, then per measure both medians, their ratio and in how many rounds B measured
 * lower than A (a round's two runs are back to back, so they share the machine's mood); writes bench/results/ab.json.
 * On a shared machine one run of a setting can measure 2-4x from the next: judge a setting by these, never by a
 * single pair. Exits 1 when any run broke the saga's invariants.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gitCommit, machineInfo } from './machine';
import { describeRun, runSagaBench } from './saga/saga-bench';
import { HOPS } from './saga/saga-hops';
import { SagaRunResult } from './saga/saga-run';
import { benchServiceEnv } from './service-env';

const { values } = parseArgs({
  options: {
    a: { type: 'string', multiple: true, default: [] },
    b: { type: 'string', multiple: true, default: [] },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    'lead-in-seconds': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: resolve(__dirname, 'results/ab.json') },
  },
  strict: true,
});

type Variant = 'A' | 'B';

type Measure = [string, (run: SagaRunResult) => number | undefined];

/** What each run is judged by: a name and where to read it in a run's result. */
const MEASURES: Measure[] = [
  ['completed/s', (run) => run.completedPerSec],
  ['saga p50 ms', (run) => run.saga.p50Ms],
  ['saga p99 ms', (run) => run.saga.p99Ms],
  ['POST p99 ms', (run) => run.post.p99Ms],
  ['CPU ms/saga', (run) => run.cpuMsPerSaga],
  ...['order', 'inventory', 'payment', 'order-db', 'inventory-db', 'payment-db', 'kafka'].map(
    (process) => [`${process} CPU ms/saga`, (run: SagaRunResult) => run.cpuMsPerSagaByProcess[process]] as Measure,
  ),
  ...HOPS.map((hop) => [`hop p50 ms: ${hop}`, (run: SagaRunResult) => run.hops?.[hop].p50Ms] as Measure),
];

async function main(): Promise<void> {
  const rate = Number(values.rate);
  const rounds = Number(values.rounds);
  const envs: Record<Variant, readonly string[]> = { A: values.a!, B: values.b! };
  const log = (line: string) => console.log(line);
  log(`A: ${envs.A.join(' ') || '(defaults)'}\nB: ${envs.B.join(' ') || '(defaults)'}\n${rounds} rounds at ${rate}/s for ${values.seconds} s each`);

  const runs: Record<Variant, SagaRunResult[]> = { A: [], B: [] };
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      const { steady } = await runSagaBench({
        steadyPerSec: rate,
        steadyDurationMs: 1000 * Number(values.seconds),
        warmupDurationMs: 2_000,
        leadInMs: 1000 * Number(values['lead-in-seconds']),
        search: { startPerSec: rate, stepDurationMs: 0, p99LimitMs: 0, refinements: 0, maxRuns: 0 },
        customers: 1000,
        spotChecks: 100,
        serviceEnv: benchServiceEnv(envs[variant]),
        log: () => undefined,
      });
      runs[variant].push(steady);
      log(`round ${round + 1} ${variant}:${describeRun(steady)}`);
    }
  }

  log(`\n${'measure'.padEnd(48)} | ${'A median'.padStart(9)} | ${'B median'.padStart(9)} |  B/A | B lower`);
  const medians = MEASURES.map(([name, read]) => {
    const [a, b] = (['A', 'B'] as const).map((variant) => median(runs[variant].map(read)));
    const bLower = roundsWhereBIsLower(runs, read);
    log(`${name.padEnd(48)} | ${String(a).padStart(9)} | ${String(b).padStart(9)} | ${(b / a).toFixed(2)} | ${bLower.lower}/${bLower.rounds}`);
    return { measure: name, a, b, bLowerInRounds: bLower.lower, rounds: bLower.rounds };
  });

  const report = { at: new Date().toISOString(), git: gitCommit(), machine: machineInfo(), rate, envs, medians, runs };
  mkdirSync(dirname(values.out!), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(report, null, 2) + '\n');
  log(`\nwritten to ${values.out}`);
  const broken = [...runs.A, ...runs.B].some((run) => run.violations.length > 0);
  if (broken) process.exitCode = 1;
}

/** Rounds whose B run measured lower than their A run, over the rounds where both runs have the measure. */
function roundsWhereBIsLower(runs: Record<Variant, SagaRunResult[]>, read: Measure[1]): { lower: number; rounds: number } {
  const pairs = runs.A.map((run, i) => [read(run), read(runs.B[i])]).filter((pair): pair is number[] => pair.every((x) => x !== undefined));
  return { lower: pairs.filter(([a, b]) => b < a).length, rounds: pairs.length };
}

/** The middle value, or the mean of the middle two, to two decimals; NaN for none. */
function median(samples: Array<number | undefined>): number {
  const sorted = samples.filter((sample): sample is number => sample !== undefined).sort((x, y) => x - y);
  const middle = sorted.length / 2;
  const value = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
