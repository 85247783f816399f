import { Server, Socket } from 'node:net';
import { ApiHandler, BrokerContext, SupportedApi } from '../handlers/handler';
import { Connection } from './connection';
import { closeServer, listenOnLoopback } from './listen';
import { Router } from './router';

export interface KafkaServerOptions {
  /** The APIs to serve; tests inject fakes here. */
  handlers: readonly ApiHandler[];
  /** Shared by reference: fields set after listen (the real port) are seen by handlers. */
  broker: BrokerContext;
  maxFrameBytes: number;
  log: (msg: string) => void;
}

/** The TCP side of the broker: loopback listeners, one Connection per client socket. */
export class KafkaServer {
  private readonly router: Router;
  private readonly connections = new Set<Connection>();
  private servers: readonly Server[] = [];
  private nextConnectionId = 1;

  constructor(private readonly options: KafkaServerOptions) {
    this.router = new Router(options.handlers, options.broker);
  }

  get supportedApis(): readonly SupportedApi[] {
    return this.router.supportedApis;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Resolves with the bound port (the real one when `port` is 0). */
  async listen(port: number): Promise<number> {
    const listeners = await listenOnLoopback(port, (socket) => this.accept(socket));
    this.servers = listeners.servers;
    return listeners.port;
  }

  /** Stops accepting, drops every connection and resolves once all listeners are closed. */
  async close(): Promise<void> {
    const closing = this.servers.map(closeServer);
    const disconnected = [...this.connections].map((connection) => new Promise<void>((done) => connection.onClose(done)));
    for (const connection of this.connections) connection.destroy();
    this.servers = [];
    await Promise.all([...closing, ...disconnected]);
  }

  private accept(socket: Socket): void {
    const { maxFrameBytes, log } = this.options;
    const connection = new Connection(socket, this.nextConnectionId++, this.router, maxFrameBytes, log);
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
  }
}
