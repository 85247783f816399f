import { commonEnvSchema, parseEnv } from './common-env';
import { messagingOptionsFrom } from './messaging-options';

const env = (vars: NodeJS.ProcessEnv) =>
  parseEnv('order', commonEnvSchema, { PORT: '3000', DATABASE_URL: 'postgres://o:o@db:5432/order', ...vars });

describe('messagingOptionsFrom', () => {
  it('purges inbox claims older than 7 days every hour by default', () => {
    expect(messagingOptionsFrom('order', env({})).inboxPurge).toEqual({ retentionDays: 7, intervalMs: 3_600_000, batchSize: 5000 });
  });

  it('reads the inbox retention, interval and batch size from the environment', () => {
    const options = messagingOptionsFrom(
      'order',
      env({ INBOX_RETENTION_DAYS: '30', INBOX_PURGE_INTERVAL_MS: '600000', INBOX_PURGE_BATCH_SIZE: '200' }),
    );
    expect(options.inboxPurge).toEqual({ retentionDays: 30, intervalMs: 600_000, batchSize: 200 });
  });

  it.each([
    ['INBOX_RETENTION_DAYS', '0'],
    ['INBOX_RETENTION_DAYS', 'a week'],
    ['INBOX_PURGE_INTERVAL_MS', '10'],
    ['INBOX_PURGE_BATCH_SIZE', '0'],
  ])('refuses %s=%s by name', (name, value) => {
    expect(() => env({ [name]: value })).toThrow(new RegExp(name));
  });
});
