import { ALERTS_ENV, AlertsConfig } from './alerts.config';
import { loadConfig } from './validate-config';

describe('alerts configuration', () => {
  it('defaults to no webhook, 5 attempts, 5 s timeout, 1 s base delay and 2 stale days', () => {
    expect({ ...loadConfig(AlertsConfig, ALERTS_ENV, {}) }).toEqual({
      webhookMaxAttempts: 5,
      webhookTimeoutMs: 5000,
      webhookBaseDelayMs: 1000,
      webhookMaxDelayMs: 60000,
      staleEvaluationDays: 2,
    });
  });

  it('requires a secret of 16+ characters when a webhook URL is set', () => {
    const url = { ALERT_WEBHOOK_URL: 'http://127.0.0.1:9000/hooks' };
    expect(() => loadConfig(AlertsConfig, ALERTS_ENV, url)).toThrow(
      /ALERT_WEBHOOK_SECRET="": .*required when ALERT_WEBHOOK_URL is set/,
    );
    expect(() => loadConfig(AlertsConfig, ALERTS_ENV, { ...url, ALERT_WEBHOOK_SECRET: 'short' })).toThrow(
      /ALERT_WEBHOOK_SECRET="short": must be at least 16 characters/,
    );
    expect(
      loadConfig(AlertsConfig, ALERTS_ENV, { ...url, ALERT_WEBHOOK_SECRET: 'x'.repeat(16) }).webhookUrl,
    ).toBe(url.ALERT_WEBHOOK_URL);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() =>
      loadConfig(AlertsConfig, ALERTS_ENV, {
        ALERT_WEBHOOK_URL: 'ftp://example.com/x',
        ALERT_WEBHOOK_SECRET: 'x'.repeat(16),
      }),
    ).toThrow(/ALERT_WEBHOOK_URL="ftp:\/\/example.com\/x"/);
  });
});
