/**
 * `npx tsx bench/skeleton/skeleton.cli.ts [--rates 500,1000] [--seconds 10]`: the saga's skeleton alone
 * (bare services, same processes and clients), at each offered rate in turn.
 */
import { parseArgs } from 'node:util';
import { runSkeletonBench } from './skeleton-bench';

const { values } = parseArgs({
  options: { rates: { type: 'string', default: '500,1000' }, seconds: { type: 'string', default: '10' } },
  strict: true,
});

runSkeletonBench(values.rates!.split(',').map(Number), Number(values.seconds) * 1000, (line) => console.log(line)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
