import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { INestApplication } from '@nestjs/common';

/**
 * Makes the HTTP server closable under steady keep-alive traffic. Node's server.close() waits for every
 * open connection, and a client (or load balancer) that keeps reusing its pooled connections never lets
 * one go: the service then never gets past closing HTTP to stopping its consumer and relay, until the
 * orchestrator's SIGKILL. Once drain() is called, every response tells its client to close the
 * connection, and the connections idle at that moment are closed at once.
 *
 * The header is set by a listener on the Node server added only when draining starts, ahead of the
 * framework's: nothing runs per request before that.
 */
export function drainableHttp(app: INestApplication): () => void {
  let draining = false;
  return () => {
    if (draining) return;
    draining = true;
    const server = app.getHttpServer() as Server;
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      response.setHeader('Connection', 'close');
    });
    server.closeIdleConnections();
  };
}
