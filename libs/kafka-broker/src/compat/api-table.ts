import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { startBroker } from '../broker';
import { apiByKey, apiVersionsApi, decodeResponseFrame, encodeRequestFrame, FrameSplitter } from '../protocol';
import type { ApiVersionsResponseKey } from '../protocol';

/**
 * The README's table of supported APIs, built from what a running broker advertises in ApiVersions:
 * that answer is itself derived from codec ∩ handlers, so the table is exactly what clients are told.
 *   node libs/kafka-broker/dist/compat/api-table.js --write   rewrites the README's table
 *   node libs/kafka-broker/dist/compat/api-table.js           exits 1 when the README is stale
 */
export const README_PATH = resolve(__dirname, '../../README.md');
const START = '<!-- api-table:start -->';
const END = '<!-- api-table:end -->';

export async function advertisedApis(): Promise<ApiVersionsResponseKey[]> {
  const broker = await startBroker({ port: 0, log: () => undefined });
  try {
    const socket = connect({ host: '127.0.0.1', port: broker.port });
    const splitter = new FrameSplitter();
    const frame = await new Promise<Buffer>((done, fail) => {
      socket.on('data', (chunk: Buffer) => {
        const [first] = splitter.push(chunk);
        if (first) done(first);
      });
      socket.on('error', fail);
      socket.on('close', () => fail(new Error('the broker closed the connection before answering ApiVersions')));
      socket.write(encodeRequestFrame(apiVersionsApi, { apiVersion: 0, correlationId: 1, clientId: 'api-table' }, {}));
    });
    socket.destroy();
    return decodeResponseFrame(apiVersionsApi, 0, frame).body.apiKeys;
  } finally {
    await broker.stop();
  }
}

export function apiTable(apis: readonly ApiVersionsResponseKey[]): string {
  const rows = [...apis]
    .sort((a, b) => a.apiKey - b.apiKey)
    .map(({ apiKey, minVersion, maxVersion }) => {
      const flexibleFrom = apiByKey(apiKey)?.flexibleFrom ?? null;
      const firstFlexible = flexibleFrom === null ? Infinity : Math.max(flexibleFrom, minVersion);
      const flexible = firstFlexible > maxVersion ? '—' : firstFlexible === maxVersion ? `${maxVersion}` : `${firstFlexible}–${maxVersion}`;
      return `| ${apiKey} | ${apiByKey(apiKey)?.name ?? '?'} | ${minVersion}–${maxVersion} | ${flexible} |`;
    });
  return ['| key | API | versions | flexible (compact) versions served |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README with everything between the table markers replaced by `table`. */
export function withApiTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README has no ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (require.main === module) {
  advertisedApis()
    .then((apis) => {
      const current = readFileSync(README_PATH, 'utf8');
      const updated = withApiTable(current, apiTable(apis));
      if (process.argv.includes('--write')) {
        writeFileSync(README_PATH, updated);
        console.log(`wrote the API table to ${README_PATH}`);
      } else if (updated !== current) {
        console.error(`${README_PATH} is stale: run this script with --write`);
        process.exitCode = 1;
      }
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
