/**
 * `npx tsx bench/skeleton/skeleton.cli.ts [--rates 500,1000] [--seconds 10] [--publish relay|after-commit] [--linger-ms 5]
 * [--lead-in-seconds 5]`:
 * the saga's skeleton alone (bare services, same processes and clients), at each offered rate in turn.
 */
import { parseArgs } from 'node:util';
import { AS_THE_SERVICES, runSkeletonBench, SkeletonVariant } from './skeleton-bench';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '500,1000' },
    seconds: { type: 'string', default: '10' },
    publish: { type: 'string', default: AS_THE_SERVICES.publish },
    'linger-ms': { type: 'string', default: String(AS_THE_SERVICES.lingerMs) },
    'lead-in-seconds': { type: 'string', default: '5' },
  },
  strict: true,
});

if (values.publish !== 'relay' && values.publish !== 'after-commit') throw new Error('--publish must be relay or after-commit');
const variant: SkeletonVariant = { publish: values.publish, lingerMs: Number(values['linger-ms']) };

const rates = values.rates!.split(',').map(Number);
const leadInMs = Number(values['lead-in-seconds']) * 1000;
runSkeletonBench(variant, rates, Number(values.seconds) * 1000, (line) => console.log(line), leadInMs).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
