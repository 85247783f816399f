import { LoggerService, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { traceHttpRequests } from '../observability/tracing/http-tracing.hook';
import { acceptJsonBodies } from './json-bodies';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface SagaHttpOptions {
  logger: LoggerService | false;
  /** Larger bodies get a 413 with a reason instead of being buffered. Default 64 KiB. */
  bodyLimitBytes?: number;
}

/**
 * The HTTP side of a saga service, configured once for production (bootstrapSagaService) and for the tests that
 * host a service's controllers: Nest on Fastify, JSON bodies with a size limit, one trace span per request, input
 * validated against the DTOs. Fastify rather than Express: a fraction of the CPU per request, and POST /orders
 * starts every saga (bench/README.md has the numbers).
 */
export async function createSagaHttpApp(module: Type<unknown>, options: SagaHttpOptions): Promise<NestFastifyApplication> {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const adapter = new FastifyAdapter({
    bodyLimit,
    // As Express routed: /orders/ is /orders, and a long path parameter reaches its validation (a 400 naming the
    // limit) instead of Fastify's default 100-character cut-off (a bare 404).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // While the service stops, requests on open connections are still served (drainableHttp tells their clients
    // to reconnect elsewhere) rather than refused with 503.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: options.logger, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodies(fastify);
  traceHttpRequests(fastify);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}
