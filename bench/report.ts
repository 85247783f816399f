import { BrokerBenchResult } from './broker/broker-throughput';
import { HopCost } from './hop-cost';
import { MachineInfo } from './machine';
import { SagaBenchResult } from './saga/saga-bench';
import { SagaRunResult } from './saga/saga-run';
import { perSagaMicros, StepCost } from './service/service-cost';
import { describeVariant, SkeletonRun } from './skeleton/skeleton-bench';

export interface BenchReport {
  at: string;
  mode: 'full' | 'quick';
  git: { commit: string; dirty: boolean };
  machine: MachineInfo;
  /** What one cross-process round trip costs this machine, by how long the peer sat idle before it. */
  hops: HopCost[];
  saga: SagaBenchResult;
  /** Absent when skipped (--skip-broker). */
  broker?: BrokerBenchResult;
  /** Each service alone, fed the rest of the saga's events: CPU per event by step. Absent when skipped (--skip-services). */
  services?: StepCost[];
  /** The saga's skeleton (same processes and clients, no framework): the floor under the services. Absent when skipped. */
  skeleton?: SkeletonRun[];
  /** Invariant violations or failed sagas in any run: a fast wrong answer is no answer. */
  correct: boolean;
  /** Some run shared the cores with other processes or other guests (see isContended): read CPU per saga, not rates. */
  contended: boolean;
}

export function isCorrect(saga: SagaBenchResult): boolean {
  const runs: SagaRunResult[] = [saga.steady, ...saga.search.steps];
  return runs.every((run) => run.violations.length === 0);
}

export function formatReport(report: BenchReport): string {
  const { saga, broker, machine, git, hops } = report;
  const { steady } = saga;
  const rows: [string, string][] = [
    ['machine', `${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, commit ${git.commit.slice(0, 10)}${git.dirty ? ' (dirty)' : ''}`],
    ['cross-process hop CPU by peer idle time', hops.map((hop) => `${hop.totalMicros} us (${hop.gapMs} ms)`).join(' / ')],
    ['saga: max sustained completed/s', `${saga.maxCompletedPerSec} (offered ${saga.search.maxSustainedOfferedPerSec}/s, p99 limit ${saga.search.p99LimitMs} ms)`],
    [`saga at ${steady.offeredPerSec}/s offered: completed/s`, `${steady.completedPerSec} (measured ${steady.durationMs / 1000} s after ${steady.leadInMs / 1000} s at that rate)`],
    ['  saga latency p50 / p95 / p99 / max', `${steady.saga.p50Ms} / ${steady.saga.p95Ms} / ${steady.saga.p99Ms} / ${steady.saga.maxMs} ms`],
    ['  POST latency p50 / p95 / p99', `${steady.post.p50Ms} / ${steady.post.p95Ms} / ${steady.post.p99Ms} ms`],
    ...(steady.leadIn
      ? [['  lead-in (step up from idle): saga / POST p99', `${steady.leadIn.saga.p99Ms} / ${steady.leadIn.post.p99Ms} ms`] as [string, string]]
      : []),
    ['  errors / cancelled / violations', `${steady.errors} / ${steady.cancelled} / ${steady.violations.length}`],
    ['  CPU per saga (all processes)', `${steady.cpuMsPerSaga ?? '?'} ms (${steady.coresBusy ?? '?'} cores busy, machine load ${steady.machineLoad})`],
    ...Object.entries(steady.hops ?? {}).map(([hop, latency]): [string, string] => [`  hop p50 / p99: ${hop}`, `${latency.p50Ms} / ${latency.p99Ms} ms`]),
    ['broker: produce msgs/s (200 B)', String(broker?.produceMsgsPerSec ?? 'skipped')],
    ['broker: consume msgs/s', String(broker?.consumeMsgsPerSec ?? 'skipped')],
    ['broker: CPU per message', broker ? `${broker.cpuMicrosPerMsg} us` : 'skipped'],
    ...(report.services ?? []).map((cost): [string, string] => [
      `${cost.service} alone: ${cost.step}`,
      `${cost.cpuMicrosPerEvent.total} us CPU per event (service ${cost.cpuMicrosPerEvent.service}, PostgreSQL ${cost.cpuMicrosPerEvent.database})` +
        (cost.timesPerSaga > 1 ? `, ${cost.timesPerSaga} per saga` : ''),
    ]),
    ...(report.services ? [['services alone: sum for one saga', `${(perSagaMicros(report.services) / 1000).toFixed(2)} ms CPU`] as [string, string]] : []),
    ...(report.skeleton ?? []).map((run): [string, string] => [
      `skeleton (${describeVariant(run.variant)}) at ${run.offeredPerSec}/s`,
      `${run.completedPerSec} completed/s, saga p50 / p99 ${run.saga.p50Ms} / ${run.saga.p99Ms} ms, ${run.cpuMsPerSaga} ms CPU per saga` +
        (run.leadInSaga ? `, lead-in p99 ${run.leadInSaga.p99Ms} ms` : '') +
        (run.errors ? `, ${run.errors} not confirmed` : ''),
    ]),
    ['invariants', report.correct ? 'held in every run' : 'VIOLATED (see latest.json)'],
  ];
  if (isContended(report)) {
    const others = Math.max(...runsOf(report).map((run) => run.otherCoresBusy ?? 0));
    const stolen = Math.max(...runsOf(report).map((run) => run.stolenCores ?? 0));
    rows.push([
      'WARNING',
      `during some run other processes kept up to ${others} and the hypervisor took up to ${stolen} (steal) of the ${machine.cores} cores: throughput and latency are not this system's alone; compare CPU per saga`,
    ]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)} | ${value}`).join('\n');
}

/** Contended: other processes, or other guests of the hypervisor, took more than a tenth of a core in some run. */
export function isContended(report: Pick<BenchReport, 'saga' | 'machine'>): boolean {
  return runsOf(report).some((run) => (run.otherCoresBusy ?? 0) + (run.stolenCores ?? 0) > 0.1);
}

function runsOf(report: Pick<BenchReport, 'saga'>): SagaRunResult[] {
  return [report.saga.steady, ...report.saga.search.steps];
}
