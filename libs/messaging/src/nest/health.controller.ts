import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MessageBus } from '../kafka/message-bus.port';
import { MESSAGE_BUS } from './messaging.tokens';

/** Readiness (`/health`: database and Kafka reachable, else 503) and liveness (`/health/live`). */
@ApiTags('operations')
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
  @ApiOperation({
    summary: 'Readiness: 200 when the database and Kafka answer within 1.5 s, else 503 naming what is down',
    description: 'For load balancers and Kubernetes readiness probes: take the instance out of rotation, do not restart it.',
  })
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
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves HTTP',
    description: 'Checks no dependency, so an outage of the database or Kafka never gets healthy instances restarted.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } } })
  liveness() {
    return { status: 'ok' };
  }
}
