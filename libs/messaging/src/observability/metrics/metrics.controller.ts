import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';

/** Prometheus scrape endpoint: `curl localhost:3000/metrics`. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Saga outcomes and durations (order service), outbox backlog, inbox duplicates, dead letters, consumer lag with a ' +
      'Burrow-style status per group and partition, and Node.js process metrics, in the Prometheus text format.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  async metrics(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    response.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
