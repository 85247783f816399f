import { Inject, Injectable, MessageEvent, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import {
  asyncScheduler,
  bufferTime,
  concat,
  defer,
  exhaustMap,
  filter,
  finalize,
  map,
  merge,
  Observable,
  of,
  share,
  Subject,
  takeUntil,
  tap,
  throttleTime,
  timer,
} from 'rxjs';
import { ALL_TOPICS, deadLetterTopicOf } from '@saga/events';
import { Logger, messagingOptionsFrom, SERVICE_LOGGER } from '@saga/messaging';
import { ORDER_CONFIG, OrderConfig } from '../config/order.config';
import { SagaEventFeed } from './feed/saga-event-feed';
import { ConsumerLagReader, LagView } from './lag/consumer-lag.reader';
import { OrderTrail } from './projection/recent-orders';
import { ObservedChange, SagaLiveView } from './saga-live-view';

const ORDER_BATCH_MS = 250;
const WINDOWS_THROTTLE_MS = 500;
const LAG_REFRESH_MS = 5000;
const ORDERS_KEPT = 200;
const DEAD_LETTERS_KEPT = 50;
const MINUTES_SHOWN = 30;
const SHUTDOWN_BUDGET_MS = 4000;

/**
 * Runs the live view: its consumer feeds the in-memory view, and every open page gets a snapshot
 * followed by what changed, over one shared stream. Order updates are batched and window updates
 * throttled so a burst of sagas costs the browser a few messages a second, not one per event.
 * Consumer lag is read only while at least one page is open.
 *
 * The consumer reads only while the view is watched (LIVE_VIEW_IDLE_STOP_MS): reading every record of every
 * topic costs about a quarter of the order service's own CPU per saga, too much for a page nobody has open. The first
 * request that needs the projection starts it, replaying the last LIVE_VIEW_REPLAY_MS as at a restart; it
 * stops once no page has been open for that long, and its projection is dropped.
 */
@Injectable()
export class LiveViewService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly enabled: boolean;
  private view: SagaLiveView;
  private readonly changes = new Subject<ObservedChange>();
  private readonly closing = new Subject<void>();
  private readonly updates: Observable<MessageEvent>;
  private feed?: SagaEventFeed;
  private lagReader?: ConsumerLagReader;
  private lastLag?: LagView;
  /** Open event streams: while there is one, the consumer never stops. */
  private viewers = 0;
  private idleStop?: NodeJS.Timeout;
  /** Each start reads as a new group: a group being deleted by the last stop must not take the next one with it. */
  private starts = 0;
  private shuttingDown = false;

  constructor(
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.enabled = config.LIVE_VIEW_ENABLED;
    this.view = this.emptyView();
    this.updates = merge(
      this.changes.pipe(
        filter((change) => change.order !== undefined),
        map((change) => change.order!),
        bufferTime(ORDER_BATCH_MS),
        filter((batch) => batch.length > 0),
        map((batch): MessageEvent => ({ type: 'orders', data: [...new Map(batch.map((o) => [o.orderId, o])).values()] })),
      ),
      this.changes.pipe(
        filter((change) => change.windowsChanged),
        throttleTime(WINDOWS_THROTTLE_MS, asyncScheduler, { leading: true, trailing: true }),
        map((): MessageEvent => ({ type: 'windows', data: this.view.windows() })),
      ),
      this.changes.pipe(
        filter((change) => change.deadLetter !== undefined),
        map((change): MessageEvent => ({ type: 'dead-letter', data: change.deadLetter! })),
      ),
      timer(0, LAG_REFRESH_MS).pipe(
        exhaustMap(() => this.readLag()),
        tap((lag) => (this.lastLag = lag)),
        map((lag): MessageEvent => ({ type: 'lag', data: lag })),
      ),
    ).pipe(takeUntil(this.closing), share());
  }

  /** Called twice (the HTTP app, then the saga consumer's microservice); a second start finds the feed there. */
  onApplicationBootstrap(): void {
    if (this.config.LIVE_VIEW_IDLE_STOP_MS === 0) this.startReading();
  }

  /** True while its consumer reads Kafka. */
  get reading(): boolean {
    return this.feed !== undefined;
  }

  async onModuleDestroy(): Promise<void> {
    // Ends every open event stream first: an open SSE response would otherwise hold the HTTP server's close.
    this.shuttingDown = true;
    clearTimeout(this.idleStop);
    this.closing.next();
    this.closing.complete();
    this.changes.complete();
    // A dashboard must never hold up the service's shutdown: its Kafka clients get a bounded time to leave.
    let timer: NodeJS.Timeout | undefined;
    const stopped = Promise.allSettled([this.feed?.stop(), this.lagReader?.close()]).then(() => true);
    const inTime = await Promise.race([stopped, new Promise<false>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_BUDGET_MS, false)))]);
    clearTimeout(timer);
    if (!inTime) this.logger.warn({ budgetMs: SHUTDOWN_BUDGET_MS }, 'live view did not close its Kafka clients in time; shutting down anyway');
  }

  /** A snapshot of everything, then changes as they happen; the consumer reads for as long as one is open. */
  stream(): Observable<MessageEvent> {
    return defer(() => {
      this.viewers++;
      this.startReading();
      return concat(of<MessageEvent>({ type: 'snapshot', data: { ...this.view.snapshot(), lag: this.lastLag } }), this.updates);
    }).pipe(
      takeUntil(this.closing),
      finalize(() => {
        this.viewers--;
        this.stopWhenIdle();
      }),
    );
  }

  trailOf(orderId: string): OrderTrail | undefined {
    this.touch();
    return this.view.orders.trailOf(orderId);
  }

  /** A read without a page (a timeline asked for by itself): reading starts, and stops again if no page opens. */
  private touch(): void {
    this.startReading();
    this.stopWhenIdle();
  }

  private startReading(): void {
    clearTimeout(this.idleStop);
    this.idleStop = undefined;
    if (!this.enabled || this.feed || this.shuttingDown) return;
    const { clientId, brokers, ssl, sasl } = messagingOptionsFrom('order', this.config).kafka;
    const kafka = new Kafka({ clientId: `${clientId}-live-view`, brokers, ssl, sasl, logLevel: logLevel.NOTHING });
    const deadLetterTopics = ALL_TOPICS.map(deadLetterTopicOf);
    this.lagReader = new ConsumerLagReader(kafka, [...ALL_TOPICS, ...deadLetterTopics]);
    const feed = new SagaEventFeed({
      kafka,
      groupId: `order-live-view-${hostname()}-${process.pid}-${++this.starts}`,
      eventTopics: ALL_TOPICS,
      deadLetterTopics,
      replayFrom: Date.now() - this.config.LIVE_VIEW_REPLAY_MS,
      logger: this.logger.child({ component: 'live-view' }),
    });
    this.feed = feed;
    // Not awaited: the service is ready without its dashboard, which connects (and retries) on its own. A stopped
    // feed may still hand over a record it had fetched; it must not fold into the next feed's view.
    feed.start((observation) => this.feed === feed && this.changes.next(this.view.observe(observation))).catch((error: unknown) => {
      this.logger.error({ err: error }, 'live view stopped reading Kafka');
    });
  }

  private stopWhenIdle(): void {
    const idleMs = this.config.LIVE_VIEW_IDLE_STOP_MS;
    if (idleMs === 0 || this.viewers > 0 || !this.feed || this.shuttingDown) return;
    clearTimeout(this.idleStop);
    this.idleStop = setTimeout(() => void this.stopReading(), idleMs);
    this.idleStop.unref();
  }

  private async stopReading(): Promise<void> {
    const { feed, lagReader } = this;
    this.feed = undefined;
    this.lagReader = undefined;
    this.lastLag = undefined;
    this.idleStop = undefined;
    // Dropped, not kept: the next start replays into an empty view.
    this.view = this.emptyView();
    await Promise.allSettled([feed?.stop(), lagReader?.close()]);
  }

  private emptyView(): SagaLiveView {
    return new SagaLiveView({
      orderCapacity: ORDERS_KEPT,
      deadLetterCapacity: DEAD_LETTERS_KEPT,
      windowGraceMs: this.config.LIVE_VIEW_WINDOW_GRACE_MS,
      windowsShown: MINUTES_SHOWN,
    });
  }

  private async readLag(): Promise<LagView> {
    if (!this.lagReader || !this.feed) return { at: new Date().toISOString(), rows: [], error: 'live view is not reading Kafka' };
    return this.lagReader.read({ groupId: this.feed.groupId, topics: this.feed.currentPositions() });
  }
}
