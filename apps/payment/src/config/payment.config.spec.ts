import { ConfigError } from '@saga/messaging';
import { loadPaymentConfig } from './payment.config';

describe('loadPaymentConfig', () => {
  it('falls back to the payment service defaults when nothing is set', () => {
    expect(loadPaymentConfig({})).toMatchObject({
      PORT: 3002,
      DATABASE_URL: 'postgres://payment:payment@localhost:5435/payment',
      KAFKA_BROKERS: ['localhost:9092'],
      GATEWAY_DECLINE_RATE: 0,
      GATEWAY_LATENCY_MS: 0,
      GATEWAY_TRANSIENT_ERROR_RATE: 0,
    });
  });

  it('reads the gateway settings from the environment', () => {
    expect(
      loadPaymentConfig({ GATEWAY_DECLINE_RATE: '0.2', GATEWAY_LATENCY_MS: '150', GATEWAY_TRANSIENT_ERROR_RATE: '0.05' }),
    ).toMatchObject({ GATEWAY_DECLINE_RATE: 0.2, GATEWAY_LATENCY_MS: 150, GATEWAY_TRANSIENT_ERROR_RATE: 0.05 });
  });

  it('refuses to start with a rate outside 0..1, naming the variable', () => {
    expect(() => loadPaymentConfig({ GATEWAY_DECLINE_RATE: '1.5' })).toThrow(ConfigError);
    expect(() => loadPaymentConfig({ GATEWAY_TRANSIENT_ERROR_RATE: 'often' })).toThrow(/GATEWAY_TRANSIENT_ERROR_RATE/);
  });
});
