import { createServer, Server, Socket } from 'node:net';

/** Both loopbacks, so `localhost` works whichever address family the client resolves it to. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

/** Errors meaning "this machine has no such address", as opposed to "the port is taken". */
const ADDRESS_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);
const EPHEMERAL_ATTEMPTS = 5;

export interface Listeners {
  readonly port: number;
  readonly servers: readonly Server[];
}

/**
 * Listens on 127.0.0.1 and ::1 on one port. With port 0 the first bind picks the port and the
 * second reuses it; if ::1 happens to be taken there, start over on a fresh port. A host without
 * IPv6 loopback gets IPv4 only.
 */
export async function listenOnLoopback(port: number, onConnection: (socket: Socket) => void): Promise<Listeners> {
  for (let attempt = 1; ; attempt++) {
    const ipv4 = await bind('127.0.0.1', port, onConnection);
    const boundPort = (ipv4.address() as { port: number }).port;
    try {
      const ipv6 = await bind('::1', boundPort, onConnection);
      return { port: boundPort, servers: [ipv4, ipv6] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (ADDRESS_UNAVAILABLE.has(code)) return { port: boundPort, servers: [ipv4] };
      await closeServer(ipv4);
      if (port !== 0 || attempt >= EPHEMERAL_ATTEMPTS) throw error;
    }
  }
}

function bind(host: string, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ noDelay: true }, onConnection);
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
