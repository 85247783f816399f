import { Agent, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { eventually } from '@saga/testing';
import { createSagaHttpApp } from './http-app';
import { drainableHttp } from './http-drain';

@Controller('work')
class WorkController {
  /** Long enough that a busy keep-alive connection is never idle when the server starts closing. */
  @Get()
  async work() {
    await delay(30);
    return { done: true };
  }
}

@Module({ controllers: [WorkController] })
class WorkModule {}

function get(port: number, agent: Agent): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', path: '/work', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers.connection)));
    });
    req.on('error', () => resolve('failed'));
    req.end();
  });
}

describe('drainableHttp', () => {
  // Fastify itself says Connection: close once the app is closing; the drain says it from the stop signal on,
  // while the service still finishes its shutdown hooks, so clients move to another instance sooner.
  it('tells keep-alive clients to reconnect from the moment it is called, before the app closes, and the app then closes', async () => {
    const app: INestApplication = await createSagaHttpApp(WorkModule, { logger: false });
    const drain = drainableHttp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const answers: string[] = [];
    let clientsRunning = true;
    const client = async () => {
      while (clientsRunning) answers.push(await get(port, agent));
    };
    const clients = [client(), client(), client()];
    let closing: Promise<void> | undefined;
    let closed = false;
    let answeredBeforeDrain = 0;
    try {
      await eventually(() => answers.length >= 6, 10_000, 10);
      answeredBeforeDrain = answers.length;
      drain();
      await eventually(() => answers.slice(answeredBeforeDrain).includes('close'), 10_000, 10);
      closing = app.close().then(() => void (closed = true));
      await eventually(() => closed, 10_000, 20);
    } finally {
      clientsRunning = false;
      agent.destroy();
      if (!closed) app.getHttpServer().closeAllConnections();
      await (closing ?? app.close());
      await Promise.all(clients);
    }
    expect(answers.slice(0, answeredBeforeDrain)).toEqual(Array(answeredBeforeDrain).fill('keep-alive'));
  }, 30_000);
});
