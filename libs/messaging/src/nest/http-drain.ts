import { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';

/**
 * Makes the HTTP server closable under steady keep-alive traffic. Node's server.close() waits for every
 * open connection, and a client (or load balancer) that keeps reusing its pooled connections never lets
 * one go: the service then never gets past closing HTTP to stopping its consumer and relay, until the
 * orchestrator's SIGKILL. Once drain() is called, every response tells its client to close the
 * connection, and the connections idle at that moment are closed at once.
 *
 * Call before app.listen(); returns drain, to be called when the service is asked to stop.
 */
export function drainableHttp(app: INestApplication): () => void {
  let draining = false;
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (draining) response.setHeader('Connection', 'close');
    next();
  });
  return () => {
    draining = true;
    (app.getHttpServer() as Server).closeIdleConnections();
  };
}
