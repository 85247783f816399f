import { Agent, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventually } from '@saga/testing';
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
  it('lets the app close while keep-alive clients keep every connection busy, telling them to reconnect', async () => {
    const app: INestApplication = await NestFactory.create(WorkModule, { logger: false });
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
    let closed = false;
    try {
      await eventually(() => answers.length >= 6, 10_000, 10);
      drain();
      void app.close().then(() => (closed = true));
      await eventually(() => closed, 10_000, 20);
    } finally {
      clientsRunning = false;
      await Promise.all(clients);
      agent.destroy();
      if (!closed) app.getHttpServer().closeAllConnections();
    }
    expect(answers.slice(0, 6)).toEqual(Array(6).fill('keep-alive'));
    expect(answers).toContain('close');
  }, 30_000);
});
