import { ConfigError } from '@saga/messaging';
import { loadOrderConfig } from './order.config';

describe('loadOrderConfig', () => {
  it('uses the order service defaults when nothing is set', () => {
    expect(loadOrderConfig({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://order:order@localhost:5433/order',
      KAFKA_BROKERS: ['localhost:9092'],
      ORDER_DEADLINE_MS: 30000,
      DEADLINE_SWEEP_MS: 1000,
    });
  });

  it('reads the deadline settings from the environment', () => {
    expect(loadOrderConfig({ ORDER_DEADLINE_MS: '5000', DEADLINE_SWEEP_MS: '250' })).toMatchObject({
      ORDER_DEADLINE_MS: 5000,
      DEADLINE_SWEEP_MS: 250,
    });
  });

  it('fails naming the variable when a value is malformed', () => {
    expect(() => loadOrderConfig({ ORDER_DEADLINE_MS: 'soon' })).toThrow(ConfigError);
    expect(() => loadOrderConfig({ ORDER_DEADLINE_MS: 'soon' })).toThrow(/ORDER_DEADLINE_MS/);
  });
});
