import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi-document';

/** The repository root, from tools/src/ops/asyncapi or tools/dist/ops/asyncapi alike. */
export const REPOSITORY_ROOT = join(__dirname, '../../../..');
export const ASYNCAPI_PATH = join(REPOSITORY_ROOT, 'asyncapi.yaml');

/** The document as it must be checked in: versioned like the contracts package. */
export function expectedAsyncApiYaml(): string {
  const { version } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'libs/events/package.json'), 'utf8')) as { version: string };
  return renderAsyncApiYaml(buildAsyncApiDocument(version));
}
