import { ConfigError } from '@saga/messaging';
import { loadInventoryConfig } from './inventory.config';

describe('loadInventoryConfig', () => {
  it('falls back to the inventory defaults when nothing is set', () => {
    expect(loadInventoryConfig({})).toMatchObject({
      PORT: 3001,
      DATABASE_URL: 'postgres://inventory:inventory@localhost:5434/inventory',
      KAFKA_BROKERS: ['localhost:9092'],
      DATABASE_POOL_SIZE: 10,
    });
  });

  it('takes values from the environment', () => {
    expect(
      loadInventoryConfig({ PORT: '8081', DATABASE_URL: 'postgresql://u:p@db:5432/stock', KAFKA_BROKERS: 'k1:9092,k2:9092' }),
    ).toMatchObject({ PORT: 8081, DATABASE_URL: 'postgresql://u:p@db:5432/stock', KAFKA_BROKERS: ['k1:9092', 'k2:9092'] });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadInventoryConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadInventoryConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x@y/z' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
  });
});
