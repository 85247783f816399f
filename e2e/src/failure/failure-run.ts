import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { eventually } from '@saga/testing';
import { Stack } from '../../../tools/src/stack/start-stack';
import { SERVICE_NAMES } from '../../../tools/src/service-catalogue';
import { compensationViolations, outcomeSummary } from '../support/compensation-checks';
import { KafkaInspector } from '../support/kafka-inspector';
import { Adjustments, invariantViolations, snapshot, Snapshot } from '../support/ledger';
import { OrderStream, StreamCast } from '../support/order-stream';
import { PoisonLedger } from '../support/poison-records';
import { FINAL_STATUSES, OrderView, SagaApi } from '../support/saga-api';
import { FAST_SAGA_ENV, startSagaStack } from '../support/saga-stack';
import { ScenarioRow } from './failure-summary';

/** Short enough that faults push orders past it (late events), long enough that a healthy saga never hits it. */
export const ORDER_DEADLINE_MS = 8000;

const FAILURE_ENV = { ...FAST_SAGA_ENV, CONSUMER_RETRY_MAX_MS: '1000' };
const SETTLE_TIMEOUT_MS = 60_000;

/** What a scenario may do and must declare: the stack, the orders it placed, the faults it injected. */
export class ScenarioContext {
  readonly faults: string[] = [];
  readonly adjustments: Required<Adjustments> = { restocked: {}, deposited: {} };
  readonly streams: OrderStream[] = [];
  readonly orderIds: string[] = [];
  readonly expectedExits = new Set<string>();
  /** Scenario-specific expectations that did not hold (the run adds them to the invariant violations). */
  readonly violations: string[] = [];

  constructor(
    readonly stack: Stack,
    readonly api: SagaApi,
    readonly kafka: KafkaInspector,
    readonly poison: PoisonLedger,
    private readonly tag: string,
  ) {}

  private readonly startedAt = Date.now();

  /** Records an injected fault with the second of the scenario it happened in. */
  fault(what: string): void {
    this.faults.push(`${what} @${Math.round((Date.now() - this.startedAt) / 1000)}s`);
  }

  /** Orders placed outside a stream, to be checked with the rest. */
  track(...orderIds: string[]): void {
    this.orderIds.push(...orderIds);
  }

  /** A funded buyer and a broke one, new for this scenario, so its money is its own to account for. */
  async cast(fundsCents = 5_000_000): Promise<StreamCast> {
    const cast = { buyer: `buyer-${this.tag}-${randomUUID().slice(0, 8)}`, brokeBuyer: `broke-${this.tag}-${randomUUID().slice(0, 8)}` };
    await this.deposit(cast.buyer, fundsCents);
    await this.deposit(cast.brokeBuyer, 100);
    return cast;
  }

  async deposit(customerId: string, amountCents: number): Promise<void> {
    const answer = await this.api.deposit(customerId, amountCents);
    if (answer.status !== 200 && answer.status !== 201) throw new Error(`deposit for ${customerId} answered ${answer.status}`);
    this.adjustments.deposited[customerId] = (this.adjustments.deposited[customerId] ?? 0) + amountCents;
  }

  async restock(sku: string, quantity: number): Promise<void> {
    const answer = await this.api.restock(sku, quantity);
    if (answer.status !== 200) throw new Error(`restock of ${sku} answered ${answer.status}`);
    this.adjustments.restocked[sku] = (this.adjustments.restocked[sku] ?? 0) + quantity;
  }

  /** A stream of the order mix (see OrderStream), already running; the run stops it after the scenario. */
  async stream(everyMs = 200, cast?: StreamCast): Promise<OrderStream> {
    const stream = new OrderStream(this.api, cast ?? (await this.cast()), everyMs);
    this.streams.push(stream);
    return stream.start();
  }

  /** Resolves once `stream` has placed `count` more orders than when called. */
  async placed(stream: OrderStream, count: number, timeoutMs = 60_000): Promise<void> {
    const target = stream.placed + count;
    await eventually(() => stream.placed >= target, timeoutMs, 50);
  }

  /** A scenario-specific expectation: when it fails it is reported with the invariants, and the scenario goes on. */
  require(holds: boolean, violation: string): void {
    if (!holds) this.violations.push(violation);
  }

  /** An instance that is meant to die (a fault point): its exit is not a finding. */
  expectExit(instance: string): void {
    this.expectedExits.add(instance);
  }
}

/**
 * One stack for the whole failure suite, shared by scenarios whose faults heal fully. Each scenario is
 * checked the same way once its faults are healed and its orders have settled: every order final, stock
 * and money conserved, compensations exactly once, every consumer group caught up, dead-letter topics
 * holding exactly the poison written so far, and no process exiting that was not meant to.
 */
export class FailureRun {
  readonly rows: ScenarioRow[] = [];

  private constructor(
    readonly stack: Stack,
    readonly api: SagaApi,
    readonly kafka: KafkaInspector,
    private readonly poison: PoisonLedger,
    /** Exits no one asked for, as the stack reports them; each scenario takes those of its own time. */
    private readonly exits: string[],
  ) {}

  static async start(): Promise<FailureRun> {
    const exits: string[] = [];
    const { stack, api } = await startSagaStack({
      order: { ...FAILURE_ENV, ORDER_DEADLINE_MS: String(ORDER_DEADLINE_MS), DEADLINE_SWEEP_MS: '200' },
      inventory: FAILURE_ENV,
      payment: FAILURE_ENV,
    }, {
      keepDataDir: true,
      onUnexpectedExit: (name, code, signal) => exits.push(`${name} exited (${signal ?? code})`),
    });
    try {
      const kafka = await KafkaInspector.connect(stack.kafkaBrokers);
      return new FailureRun(stack, api, kafka, new PoisonLedger(kafka), exits);
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  /** Stops everything; the logs are kept (and their place returned) when a scenario found violations. */
  async stop(): Promise<string | undefined> {
    await this.kafka.close();
    await this.stack.stop();
    if (this.rows.some((row) => row.violations.length > 0)) return `${this.stack.dataDir}/logs`;
    await rm(this.stack.dataDir, { recursive: true, force: true });
    return undefined;
  }

  async scenario(name: string, body: (ctx: ScenarioContext) => Promise<void>): Promise<ScenarioRow> {
    const started = Date.now();
    const before = await snapshot(this.api);
    const ctx = new ScenarioContext(this.stack, this.api, this.kafka, this.poison, `s${this.rows.length + 1}`);
    const violations = leftovers(before);
    try {
      await body(ctx);
    } catch (error) {
      violations.push(`scenario aborted: ${(error as Error).message}`);
    }
    violations.push(...(await this.heal()));
    const orderIds = [...ctx.orderIds];
    for (const stream of ctx.streams) {
      orderIds.push(...(await stream.stop().catch((error: Error) => (violations.push(error.message), []))).map((o) => o.orderId));
    }
    const { orders, found } = await this.settle(before, orderIds, ctx);
    violations.push(...ctx.violations, ...found, ...this.takeUnexpectedExits(ctx));
    const row = {
      scenario: name,
      orders: orders.length,
      outcome: outcomeSummary(orders),
      faults: ctx.faults,
      violations,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    this.rows.push(row);
    return row;
  }

  /** Whatever a scenario left stopped is started again, and any extra instance it left running is killed; both are reported. */
  private async heal(): Promise<string[]> {
    const left: string[] = [];
    const parts = [this.stack.broker, ...SERVICE_NAMES.flatMap((name) => [this.stack.database(name), this.stack.service(name)])];
    for (const extra of this.stack.processes().filter((p) => !parts.includes(p) && p.running)) {
      left.push(`scenario left ${extra.name} running`);
      await extra.kill('SIGKILL');
    }
    for (const part of parts.filter((p) => !p.running)) {
      left.push(`scenario left ${part.name} stopped`);
      await part.restart();
    }
    return left;
  }

  /** Waits for every order to be final and every invariant to hold; returns the final orders and what still failed. */
  private async settle(before: Snapshot, orderIds: string[], ctx: ScenarioContext): Promise<{ orders: OrderView[]; found: string[] }> {
    let orders: OrderView[] = [];
    let found: string[] = [];
    try {
      await eventually(async () => {
        orders = await fetchOrders(this.api, orderIds);
        const open = orders.filter((o) => !FINAL_STATUSES.includes(o.status));
        if (open.length > 0) throw new Error(`${open.length} orders not final, e.g. ${open[0].orderId} ${open[0].status}`);
        await this.kafka.awaitNoLag(1000);
        found = [...(await invariantViolations(this.api, before, orders, ctx.adjustments)), ...compensationViolations(orders)];
        return found.length === 0;
      }, SETTLE_TIMEOUT_MS, 500);
      found = await this.poison.violations();
    } catch (error) {
      if (found.length === 0) found = [`did not settle within ${SETTLE_TIMEOUT_MS} ms: ${(error as Error).message}`];
    }
    return { orders, found };
  }

  private takeUnexpectedExits(ctx: ScenarioContext): string[] {
    const exits = this.exits.splice(0).filter((exit) => ![...ctx.expectedExits].some((name) => exit.startsWith(`${name} `)));
    return exits.map((exit) => `unexpected exit: ${exit}`);
  }
}

/** Products must start a scenario with nothing reserved: anything held is a leak from before. */
function leftovers(before: Snapshot): string[] {
  return [...before.products.values()].filter((p) => p.reserved !== 0).map((p) => `${p.sku} had ${p.reserved} units reserved before the scenario`);
}

/** GET /orders/:id (with history) for each order, a few at a time so the order service is not swamped. */
export async function fetchOrders(api: SagaApi, orderIds: string[]): Promise<OrderView[]> {
  const orders: OrderView[] = new Array(orderIds.length);
  let next = 0;
  const worker = async () => {
    while (next < orderIds.length) {
      const i = next++;
      orders[i] = await api.order(orderIds[i]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return orders;
}
