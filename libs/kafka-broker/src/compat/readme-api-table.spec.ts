import { readFileSync } from 'node:fs';
import { advertisedApis, apiTable, README_PATH, withApiTable } from './api-table';

describe('README API table', () => {
  it('matches what the broker advertises in ApiVersions', async () => {
    const readme = readFileSync(README_PATH, 'utf8');

    const regenerated = withApiTable(readme, apiTable(await advertisedApis()));

    // On failure: npm run build && node libs/kafka-broker/dist/compat/api-table.js --write
    expect(readme).toBe(regenerated);
  });

  it('lists every advertised API with its range when building the table', () => {
    const table = apiTable([
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
      { apiKey: 0, minVersion: 3, maxVersion: 7 },
    ]);

    expect(table.split('\n').slice(2)).toEqual(['| 0 | Produce | 3–7 | — |', '| 18 | ApiVersions | 0–3 | 3 |']);
  });
});
