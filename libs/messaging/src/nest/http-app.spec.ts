import { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Body, Controller, HttpCode, INestApplication, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { createSagaHttpApp } from './http-app';
import { everyInterface } from './listen-address';

class EchoRequest {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

@Controller('echo')
class EchoController {
  @Post()
  @HttpCode(200)
  echo(@Body() body: EchoRequest) {
    return body;
  }

  /** Reads no body, like POST /orders/:id/cancel. */
  @Post('bodyless')
  @HttpCode(202)
  bodyless() {
    return { accepted: true };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const hasIpv6Loopback = Object.values(networkInterfaces())
  .flat()
  .some((address) => address?.internal && address.family === 'IPv6');

describe('createSagaHttpApp', () => {
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    app = await createSagaHttpApp(EchoModule, { logger: false, bodyLimitBytes: 1024 });
    await app.listen(0, await everyInterface());
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app?.close());

  const post = async (path: string, body: string | undefined, contentType = 'application/json', host = '127.0.0.1') => {
    const response = await fetch(`http://${host}:${port}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as { message?: unknown; error?: string } };
  };

  it('hands a valid JSON body to the handler, transformed and whitelisted by the DTO', async () => {
    expect(await post('/echo', '{"name":"box","quantity":2}')).toEqual({ status: 200, body: { name: 'box', quantity: 2 } });
  });

  it('answers 400 listing every reason when the body breaks the DTO', async () => {
    const { status, body } = await post('/echo', '{"quantity":0,"extra":1}');
    expect(status).toBe(400);
    expect(body.message).toEqual(
      expect.arrayContaining(['property extra should not exist', 'name must be a string', 'quantity must not be less than 1']),
    );
  });

  it('answers 400 saying where the JSON breaks for a malformed body', async () => {
    expect(await post('/echo', '{"name": "box", ')).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^the body is not valid JSON: .*JSON/) },
    });
  });

  it('refuses a JSON body that sets __proto__', async () => {
    const { status, body } = await post('/echo', '{"name":"box","quantity":1,"__proto__":{"admin":true}}');
    expect([status, body.message]).toEqual([400, 'the JSON body sets __proto__ or constructor.prototype']);
  });

  it('answers 413 with a reason for a body over the limit', async () => {
    const { status, body } = await post('/echo', JSON.stringify({ name: 'x'.repeat(2000), quantity: 1 }));
    expect([status, body.message]).toEqual([413, expect.stringMatching(/too large/)]);
  });

  it('accepts an empty body sent as JSON where the handler reads none', async () => {
    expect(await post('/echo/bodyless', undefined)).toEqual({ status: 202, body: { accepted: true } });
  });

  it('ignores a body of another content type: the DTO validation says what is missing', async () => {
    expect(await post('/echo/bodyless', 'x=1', 'application/x-www-form-urlencoded')).toEqual({ status: 202, body: { accepted: true } });
    const { status, body } = await post('/echo', 'name=box&quantity=2', 'text/plain');
    expect(status).toBe(400);
    expect(body.message).toEqual(expect.arrayContaining(['name must be a string']));
  });

  it('routes a path with a trailing slash as the path without it', async () => {
    expect((await post('/echo/bodyless/', undefined)).status).toBe(202);
  });

  it('listens on every interface: IPv4, localhost and, where the machine has it, IPv6', async () => {
    const hosts = ['127.0.0.1', 'localhost', ...(hasIpv6Loopback ? ['[::1]'] : [])];
    for (const host of hosts) {
      expect([host, (await post('/echo/bodyless', undefined, 'application/json', host)).status]).toEqual([host, 202]);
    }
  });
});
