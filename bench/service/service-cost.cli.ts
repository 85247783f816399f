/**
 * `npx tsx bench/service/service-cost.cli.ts [--events N] [--service NAME ...] [--env KEY=VALUE ...] [--cpu-prof]`:
 * each service's CPU per event, measured alone (run `npm run build` first).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ServiceName } from '../../tools/src';
import { benchServiceEnv } from '../service-env';
import { measureServiceCosts } from './service-cost';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    service: { type: 'string', multiple: true },
    env: { type: 'string', multiple: true, default: [] },
    'cpu-prof': { type: 'boolean', default: false },
  },
  strict: true,
});

measureServiceCosts({
  events: Number(values.events),
  services: values.service as ServiceName[] | undefined,
  serviceEnv: benchServiceEnv(values.env!, values['cpu-prof'] ? resolve(__dirname, '../results/profiles') : undefined),
  log: (line) => console.log(line),
}).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
