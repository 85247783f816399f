import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Logger, SERVICE_LOGGER } from '@saga/messaging';
import { ORDER_CONFIG, OrderConfig } from '../../config/order.config';
import { CancelOverdueOrdersHandler } from './cancel-overdue-orders.handler';

/**
 * Runs the overdue-order cancellation every DEADLINE_SWEEP_MS. The timer is unref'd (it never
 * keeps the process alive), a sweep never overlaps the previous one, and shutdown waits for the
 * sweep in progress so its transaction is not cut mid-way.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly cancelOverdue: CancelOverdueOrdersHandler,
    @Inject(ORDER_CONFIG) private readonly config: Pick<OrderConfig, 'DEADLINE_SWEEP_MS'>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // Nest bootstraps the application again when the saga consumer (a connected microservice) starts:
    // a second timer would outlive shutdown.
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.config.DEADLINE_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  private tick(): void {
    if (this.sweeping) return;
    this.sweeping = this.cancelOverdue
      .execute(new Date())
      .then((cancelled) => {
        if (cancelled > 0) this.logger.info({ cancelled }, 'cancelled overdue orders (TIMEOUT)');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'deadline sweep failed; retrying next tick'))
      .finally(() => (this.sweeping = undefined));
  }
}
