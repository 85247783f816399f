import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { FastifyInstance } from 'fastify';

/** Probes and scrapes every few seconds would bury the requests that matter. */
const UNTRACED_PATHS = /^\/(health|metrics|docs)(\/|-|$)/;

/**
 * One server span per HTTP request, continuing a caller's `traceparent` if it sent one. The span is made active
 * in the first hook and the rest of the request runs inside it (Fastify binds its body parsing to the context the
 * request started in), so the events the handler emits join the trace. Ends when the response is closed, named
 * after the route that handled it.
 */
export function traceHttpRequests(fastify: FastifyInstance): void {
  const tracer = trace.getTracer('@saga/messaging');
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (UNTRACED_PATHS.test(path)) return done();
    const method = request.method;
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path, 'url.scheme': 'http' } },
      parent,
    );
    reply.raw.once('close', () => {
      const route = request.routeOptions.url;
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), done);
  });
}
