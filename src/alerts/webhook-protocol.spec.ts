import { isRetryableStatus, retryDelayMs, signWebhook } from './webhook-protocol';

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed independently (Python hmac) over "<timestamp>.<body>"', () => {
    // python3: hmac.new(secret, b'1764237600.' + body, hashlib.sha256).hexdigest()
    const body =
      '{"event":"opened","text":"[warning] data_gap on Press 4 (baseline)","alert":{"id":"00000000-0000-4000-8000-000000000001"}}';
    expect(signWebhook('whsec_test_0123456789abcdef', 1764237600, body)).toBe(
      'sha256=5376b8ab9fcf33010fb408cbf8ca2e1d0b51e7c9880956e7b065c41a30f1d78b',
    );
  });

  it('changes when the timestamp changes (replays with a new timestamp do not verify)', () => {
    expect(signWebhook('k'.repeat(16), 1, '{}')).not.toBe(signWebhook('k'.repeat(16), 2, '{}'));
  });
});

describe('webhook retry policy', () => {
  const settings = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('doubles the delay per attempt and caps it', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, settings))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000,
    ]);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryDelayMs(1, settings, '7', now)).toBe(7000);
    expect(retryDelayMs(1, settings, 'Fri, 27 Nov 2026 10:00:12 GMT', now)).toBe(12_000);
    expect(retryDelayMs(1, settings, '3600', now)).toBe(30_000);
    expect(retryDelayMs(1, settings, 'Fri, 27 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('falls back to the exponential delay when Retry-After is unreadable', () => {
    expect(retryDelayMs(3, settings, 'soon')).toBe(4000);
  });
});
