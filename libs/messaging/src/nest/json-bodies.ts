import { BadRequestException } from '@nestjs/common';
import { FastifyInstance } from 'fastify';

/**
 * Request bodies as the services have always read them: JSON, or nothing. Fastify alone would answer 400 to an
 * empty body sent as application/json (a bodyless POST /orders/:id/cancel from a client that always sets the
 * header) and 415 to any other content type; here those bodies are read (within the limit) and ignored, and the
 * DTO validation says what is missing. Fastify's own JSON parser stays underneath, refusing __proto__ keys.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    parseJson(request, text, (error, value) => (error ? done(new BadRequestException(jsonError(text))) : done(null, value)));
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

/** Fastify's error says only "not valid JSON"; the reason tells a client where. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return 'the JSON body sets __proto__ or constructor.prototype';
  } catch (syntax) {
    return `the body is not valid JSON: ${(syntax as Error).message}`;
  }
}
