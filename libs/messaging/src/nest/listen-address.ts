import { createServer } from 'node:net';

/**
 * The host that accepts connections on every interface, as Node's own listen(port) picks it: '::' (IPv6 and,
 * dual-stack, IPv4) where the machine has IPv6, else '0.0.0.0'. Fastify given no host binds only localhost, which
 * would leave a container's service unreachable from the others.
 */
export function everyInterface(): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve('0.0.0.0'));
    probe.listen(0, '::', () => probe.close(() => resolve('::')));
  });
}
