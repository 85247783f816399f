import { createServer, Server } from 'node:net';

/**
 * Ports the OS reports free right now. All servers are held open until every port is known, so the
 * ports handed out in one call are distinct. Another process could still grab one before our child
 * binds it; that window is milliseconds and only costs a failed start with a clear message.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort());
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // No host: bind the wildcard address, so the port is free on IPv4 and IPv6 alike.
    server.listen(0, () => resolve(server));
  });
}
