import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ASYNCAPI_PATH, expectedAsyncApiYaml } from './asyncapi-file';

// `npm run asyncapi` regenerates asyncapi.yaml; `npm run asyncapi -- --check` only says whether it is current.
const expected = expectedAsyncApiYaml();
const current = existsSync(ASYNCAPI_PATH) ? readFileSync(ASYNCAPI_PATH, 'utf8') : undefined;
const path = relative(process.cwd(), ASYNCAPI_PATH);
if (process.argv.includes('--check')) {
  if (current !== expected) {
    console.error(`${path} is out of date with libs/events: run npm run asyncapi`);
    process.exit(1);
  }
  console.log(`${path} is up to date`);
} else if (current === expected) {
  console.log(`${path} is up to date`);
} else {
  writeFileSync(ASYNCAPI_PATH, expected);
  console.log(`wrote ${path}`);
}
