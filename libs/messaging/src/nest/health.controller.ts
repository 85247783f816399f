import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { MessageBus } from '../kafka/message-bus.port';
import { MESSAGE_BUS } from './messaging.tokens';

/** Readiness (`/health`: database and Kafka reachable, else 503) and liveness (`/health/live`). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 1500 }),
      async () => {
        const kafka = this.indicators.check('kafka');
        return (await this.bus.isReachable(1500)) ? kafka.up() : kafka.down({ message: 'no broker answered' });
      },
    ]);
  }

  @Get('live')
  liveness() {
    return { status: 'ok' };
  }
}
