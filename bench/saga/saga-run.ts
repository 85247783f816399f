import { OrderView, SagaApi } from '../../e2e/src/support/saga-api';
import { chargeViolations, ledgerViolations, snapshot } from '../../e2e/src/support/ledger';
import { eventually } from '@saga/testing';
import { loadAverage, machineCpuMicros, processTreeCpuMicros } from '../machine';
import { provisionFor } from './bench-accounts';
import { LatencySummary, round1, summarize } from './latency';
import { offerOrders, PlacedOrder, splitAtLeadIn } from './open-loop';
import { randomOrder } from './order-mix';
import { SagaOutcomes } from './saga-outcomes';
import { HopLatencies, sagaHops, topicEnds } from './saga-hops';

export interface BenchTarget {
  api: SagaApi;
  orderUrl: string;
  outcomes: SagaOutcomes;
  kafkaBrokers: string;
  customers: readonly string[];
  /** How long after the last offer every accepted saga may take to become final. */
  settleTimeoutMs: number;
  /** Orders whose payments and stored status are checked one by one over REST (the rest in aggregate). */
  spotChecks: number;
  /** The stack's processes, for CPU per component (each with its children: PostgreSQL's backends). */
  processes: () => { name: string; pid?: number }[];
  /** Orders of earlier runs that were not final when their run ended: a run starts once they are. */
  leftovers: PlacedOrder[];
}

export interface SagaRunResult {
  offeredPerSec: number;
  /** The measured window; before it, `leadInMs` at the same rate whose sagas count for errors and invariants only. */
  durationMs: number;
  leadInMs: number;
  /** Orders offered in the measured window. */
  placed: number;
  confirmed: number;
  cancelled: number;
  cancelReasons: Record<string, number>;
  /** POSTs not answered 202 plus accepted sagas that never became final. */
  errors: number;
  unfinished: number;
  /** Confirmed sagas over the time from the first scheduled offer to the last confirmation seen. */
  completedPerSec: number;
  /** From the scheduled POST to ORDER_CONFIRMED readable on the `order` topic. */
  saga: LatencySummary;
  /** From the scheduled send to the 202. */
  post: LatencySummary;
  /** The same two over the lead-in: the step up from an idle stack, kept out of the figures above. */
  leadIn?: { saga: LatencySummary; post: LatencySummary };
  /** Each confirmed saga's latency split into its hops (runs asked for it). */
  hops?: HopLatencies;
  /** How late the generator itself sent (it shares the CPU); latencies above already include it. */
  maxSendLagMs: number;
  violations: string[];
  errorSamples: string[];
  /** CPU of every process of the run (services, broker, databases, this generator) per saga, and cores busy on average. */
  cpuMsPerSaga?: number;
  coresBusy?: number;
  /** The same per process (and its children): which component the CPU went to. */
  cpuMsPerSagaByProcess: Record<string, number>;
  /** Orders of earlier runs still not final when this one started (their work competed with it). */
  backlogAtStart: number;
  /** Highest 1-minute load average seen. */
  machineLoad: number;
  /** Cores, on average, that processes outside the stack and this generator kept busy during the run. */
  otherCoresBusy?: number;
  /** Cores, on average, the hypervisor gave to other guests while this machine wanted them (steal time). */
  stolenCores?: number;
}

/** One open-loop run at a fixed rate, then the saga's invariants over every order it placed. */
export async function runSagaLoad(
  target: BenchTarget,
  offeredPerSec: number,
  durationMs: number,
  options: { hops?: boolean; leadInMs?: number } = {},
): Promise<SagaRunResult> {
  const { api, outcomes } = target;
  // An overloaded run leaves a backlog; the next one measures from an idle system, or says it could not.
  const backlog = await settle(outcomes, target.leftovers, target.settleTimeoutMs * 3);
  target.leftovers = target.leftovers.filter((p) => !outcomes.byOrderId.has(p.orderId!));
  const leadInMs = options.leadInMs ?? 0;
  await provisionFor(api, target.customers, Math.round((offeredPerSec * (leadInMs + durationMs)) / 1000));
  const before = await snapshot(api); // after provisioning: no restock or deposit happens during the run
  const eventsFrom = options.hops ? await topicEnds(target.kafkaBrokers) : undefined;

  const cpuBefore = processTreeCpuMicros(process.pid);
  const machineBefore = machineCpuMicros();
  const componentsBefore = componentCpu(target.processes);
  const wallBefore = performance.now();
  const loadBefore = loadAverage();
  const placed = await offerOrders({
    orderUrl: target.orderUrl,
    ratePerSec: offeredPerSec,
    durationMs: leadInMs + durationMs,
    nextOrder: () => randomOrder(target.customers),
  });
  const accepted = placed.filter((p) => p.orderId);
  const { ledIn, measured } = splitAtLeadIn(placed, leadInMs);
  const unfinished = await settle(outcomes, accepted, target.settleTimeoutMs);
  target.leftovers.push(...accepted.filter((p) => !outcomes.byOrderId.has(p.orderId!)));
  const cpuAfter = processTreeCpuMicros(process.pid);
  const wallMs = performance.now() - wallBefore;
  const cost = cpuCost(cpuBefore, cpuAfter, wallMs, accepted.length);
  const { otherCoresBusy, stolenCores } = coresTakenByOthers(machineBefore, machineCpuMicros(), cpuBefore, cpuAfter, wallMs);
  const cpuMsPerSagaByProcess = perSaga(componentsBefore, componentCpu(target.processes), accepted.length);
  const machineLoad = Math.max(loadBefore, loadAverage());
  const views = accepted.map((p) => viewOf(p, outcomes));

  const violations = await eventually(
    async () => {
      const found = ledgerViolations(before, await snapshot(api), views);
      return found.length === 0 || unfinished > 0 ? found : Promise.reject(new Error(found.join('\n')));
    },
    30_000,
    250,
  ).catch((error: Error) => error.message.split('\n'));
  violations.push(...(await spotCheck(api, views, target.spotChecks)));
  const hops = eventsFrom && (await sagaHops(target.kafkaBrokers, eventsFrom, measured, outcomes));

  return {
    ...summarizeRun(offeredPerSec, durationMs, placed, measured, outcomes, unfinished, violations),
    leadInMs,
    leadIn: leadInMs > 0 ? latenciesOf(ledIn, outcomes) : undefined,
    ...cost,
    cpuMsPerSagaByProcess,
    machineLoad,
    otherCoresBusy,
    stolenCores,
    backlogAtStart: backlog,
    hops,
  };
}

/** Cores that other processes of this VM kept busy during the run, and cores the hypervisor took for other guests. */
function coresTakenByOthers(
  machineBefore?: { busy: number; stolen: number },
  machineAfter?: { busy: number; stolen: number },
  stackBefore?: number,
  stackAfter?: number,
  wallMs = 0,
): { otherCoresBusy?: number; stolenCores?: number } {
  if (!machineBefore || !machineAfter || stackBefore === undefined || stackAfter === undefined || wallMs <= 0) return {};
  const cores = (micros: number) => Math.max(0, Math.round((micros / 1000 / wallMs) * 100) / 100);
  return {
    otherCoresBusy: cores(machineAfter.busy - machineBefore.busy - (stackAfter - stackBefore)),
    stolenCores: cores(machineAfter.stolen - machineBefore.stolen),
  };
}

/** CPU so far of this generator and of each process of the stack (with its children), by name. */
export function componentCpu(processes: () => { name: string; pid?: number }[]): Map<string, number> {
  const micros = new Map<string, number>([['bench (generator)', processTreeCpuMicros(process.pid, false) ?? 0]]);
  for (const { name, pid } of processes()) if (pid) micros.set(name, processTreeCpuMicros(pid) ?? 0);
  return micros;
}

export function perSaga(before: Map<string, number>, after: Map<string, number>, sagas: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, micros] of after) result[name] = Math.round(((micros - (before.get(name) ?? 0)) / 1000 / Math.max(1, sagas)) * 100) / 100;
  return result;
}

/** CPU of the stack and this generator from the first offer until every saga was final: per saga, and cores kept busy. */
function cpuCost(before: number | undefined, after: number | undefined, wallMs: number, sagas: number) {
  if (before === undefined || after === undefined || sagas === 0) return {};
  const busyMs = (after - before) / 1000;
  return { cpuMsPerSaga: Math.round((busyMs / sagas) * 100) / 100, coresBusy: Math.round((busyMs / wallMs) * 100) / 100 };
}

/** Waits until every accepted order's final event was seen; returns how many never got one. */
export async function settle(outcomes: SagaOutcomes, accepted: PlacedOrder[], timeoutMs: number): Promise<number> {
  const missing = () => accepted.filter((p) => !outcomes.byOrderId.has(p.orderId!)).length;
  await eventually(() => missing() === 0, timeoutMs, 50).catch(() => undefined);
  return missing();
}

function viewOf(placed: PlacedOrder, outcomes: SagaOutcomes): OrderView {
  const outcome = outcomes.byOrderId.get(placed.orderId!);
  return {
    orderId: placed.orderId!,
    customerId: placed.order.customerId,
    items: placed.order.items,
    status: outcome?.status ?? 'NOT FINAL',
    totalCents: outcome?.totalCents,
    transactionId: '',
  };
}

/** A sample checked one by one: payments per order, and the stored status equal to the announced one. */
async function spotCheck(api: SagaApi, views: OrderView[], count: number): Promise<string[]> {
  const sample = [...views].sort(() => Math.random() - 0.5).slice(0, count);
  const violations = await chargeViolations(api, sample);
  for (const view of sample) {
    const stored = await api.order(view.orderId);
    if (stored.status !== view.status) violations.push(`order ${view.orderId} is ${stored.status} but ${view.status} was announced`);
  }
  return violations;
}

/** When each confirmed saga of `placed` was seen confirmed, and its latency from the scheduled POST. */
export function confirmations(placed: PlacedOrder[], outcomes: SagaOutcomes): Array<{ seenAt: number; latencyMs: number }> {
  return placed.flatMap((p) => {
    const outcome = p.orderId ? outcomes.byOrderId.get(p.orderId) : undefined;
    return outcome?.status === 'CONFIRMED' ? [{ seenAt: outcome.seenAt, latencyMs: outcome.seenAt - p.scheduledAt }] : [];
  });
}

/** Saga and POST latencies of `placed`, over its confirmed sagas and its answered POSTs. */
function latenciesOf(placed: PlacedOrder[], outcomes: SagaOutcomes): { saga: LatencySummary; post: LatencySummary } {
  return {
    saga: summarize(confirmations(placed, outcomes).map((c) => c.latencyMs)),
    post: summarize(placed.filter((p) => !p.error).map((p) => p.respondedAt - p.scheduledAt)),
  };
}

/** Outcomes and errors over every order placed; latencies and the completed rate over the measured ones only. */
function summarizeRun(
  offeredPerSec: number,
  durationMs: number,
  placed: PlacedOrder[],
  measured: PlacedOrder[],
  outcomes: SagaOutcomes,
  unfinished: number,
  violations: string[],
): Omit<SagaRunResult, 'machineLoad' | 'cpuMsPerSagaByProcess' | 'backlogAtStart' | 'leadInMs'> {
  const start = measured[0]?.scheduledAt ?? 0;
  let cancelled = 0;
  const cancelReasons: Record<string, number> = {};
  for (const p of placed) {
    const outcome = p.orderId ? outcomes.byOrderId.get(p.orderId) : undefined;
    if (outcome?.status !== 'CANCELLED') continue;
    cancelled++;
    cancelReasons[outcome.reason ?? '?'] = (cancelReasons[outcome.reason ?? '?'] ?? 0) + 1;
  }
  const confirmed = confirmations(measured, outcomes);
  const lastConfirmedAt = confirmed.reduce((last, c) => Math.max(last, c.seenAt), start);
  const failedPosts = placed.filter((p) => p.error);
  return {
    offeredPerSec,
    durationMs,
    placed: measured.length,
    confirmed: confirmed.length,
    cancelled,
    cancelReasons,
    errors: failedPosts.length + unfinished,
    unfinished,
    completedPerSec: Math.round(confirmed.length / ((lastConfirmedAt - start) / 1000 || 1)),
    ...latenciesOf(measured, outcomes),
    maxSendLagMs: round1(measured.reduce((max, p) => Math.max(max, p.sentAt - p.scheduledAt), 0)),
    violations,
    errorSamples: [...new Set(failedPosts.map((p) => p.error!))].slice(0, 5),
  };
}
