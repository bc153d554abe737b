import { createHmac } from 'node:crypto';
import { ACCESS_RULES, requiredRole } from './access-rules';
import { API_KEYS_PATTERN, credentialFrom, hashApiKey, parseApiKeys, roleAllows } from './api-key';
import { looksLikeJwt, roleFromClaims, verifyHs256 } from './jwt';
import { assertSafeBinding, isLoopback } from './safe-binding';

const KEY = 'k'.repeat(20);
const PREFIX = 'api/v1/model-performance';
const role = (method: string, url: string, metricsOpen = true) =>
  requiredRole(method, url, { apiPrefix: PREFIX, metricsOpen });

describe('API_KEYS parsing', () => {
  it('reads role:key and name:role:key entries and hashes the keys', () => {
    const keys = parseApiKeys(` viewer:${KEY}, scada:operator:${KEY}x ,admin:${KEY}y`);
    expect(keys).toEqual([
      { name: 'env-viewer-1', role: 'viewer', key_hash: hashApiKey(KEY) },
      { name: 'scada', role: 'operator', key_hash: hashApiKey(`${KEY}x`) },
      { name: 'env-admin-3', role: 'admin', key_hash: hashApiKey(`${KEY}y`) },
    ]);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is empty without a value and refuses unknown roles and short keys', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys('  ')).toEqual([]);
    expect(API_KEYS_PATTERN.test(`root:${KEY}`)).toBe(false);
    expect(API_KEYS_PATTERN.test('viewer:short')).toBe(false);
    expect(() => parseApiKeys(`root:${KEY}`)).toThrow(/API_KEYS/);
  });

  it('takes the key from X-API-Key or Authorization: Bearer', () => {
    expect(credentialFrom({ 'x-api-key': KEY })).toBe(KEY);
    expect(credentialFrom({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(credentialFrom({ authorization: `Basic ${KEY}` })).toBeUndefined();
    expect(credentialFrom({})).toBeUndefined();
  });

  it('orders roles viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
});

describe('access rule table', () => {
  const api = (path: string) => `/${PREFIX}${path}`;
  it.each([
    ['GET', '/health/live', 'open'],
    ['GET', '/health/ready', 'open'],
    ['GET', '/metrics', 'open'],
    ['GET', api('/machines'), 'viewer'],
    ['HEAD', api('/models?limit=5'), 'viewer'],
    ['GET', api('/metrics/trend?machine_id=x'), 'viewer'],
    ['POST', api('/retrain/trigger?model_type=baseline'), 'operator'],
    ['POST', api('/training/jobs/1/cancel'), 'operator'],
    ['POST', api('/machines/1/readings/energy'), 'operator'],
    ['POST', api('/metrics/record'), 'operator'],
    ['POST', api('/alerts/1/acknowledge'), 'operator'],
    ['POST', api('/ab-test/start'), 'operator'],
    ['POST', api('/ab-tests/1/cancel'), 'operator'],
    ['POST', api('/models/1/activate'), 'admin'],
    ['POST', api('/ab-tests/1/conclude'), 'admin'],
    ['POST', api('/machines'), 'admin'],
    ['POST', api('/machines/'), 'admin'],
    ['GET', api('/admin/audit'), 'admin'],
    ['GET', api('/admin/scheduler'), 'admin'],
    ['DELETE', api('/admin/api-keys/1'), 'admin'],
  ])('%s %s needs %s', (method, url, expected) => {
    expect(role(method, url)).toBe(expected);
  });

  it('closes /metrics when METRICS_OPEN=false, and never opens the API metrics routes', () => {
    expect(role('GET', '/metrics', false)).toBe('viewer');
    expect(role('GET', `/${PREFIX}/metrics`)).toBe('viewer');
  });

  it('lists the admin rules first-match', () => {
    expect(ACCESS_RULES.filter((rule) => rule.requires === 'admin')).toHaveLength(4);
  });
});

describe('assertSafeBinding', () => {
  it('allows loopback without keys and any host with keys', () => {
    expect(() => assertSafeBinding('127.0.0.1', false)).not.toThrow();
    expect(() => assertSafeBinding('localhost', false)).not.toThrow();
    expect(() => assertSafeBinding('::1', false)).not.toThrow();
    expect(() => assertSafeBinding('0.0.0.0', true)).not.toThrow();
  });

  it('refuses a non-loopback host without keys, in one line', () => {
    expect(() => assertSafeBinding('0.0.0.0', false)).toThrow(
      /^refusing to listen on 0\.0\.0\.0[^\n]*API_KEYS/,
    );
    expect(() => assertSafeBinding('10.1.2.3', false)).toThrow();
    expect(() => assertSafeBinding('::', false)).toThrow();
    expect(isLoopback('127.3.0.1')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});

describe('HS256 JWT verification', () => {
  const secret = 'a-test-secret-of-at-least-32-characters!';
  // Signed here with node:crypto, independently of jwt.ts.
  const sign = (payload: object, key = secret, header: object = { alg: 'HS256', typ: 'JWT' }) => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${b64(header)}.${b64(payload)}`;
    return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  };
  const now = 1_760_000_000;

  it('accepts a valid token and maps the role claim', () => {
    const token = sign({ sub: 'alice', role: 'operator', exp: now + 60 });
    expect(looksLikeJwt(token)).toBe(true);
    const claims = verifyHs256(token, secret, now);
    expect(claims.sub).toBe('alice');
    expect(roleFromClaims(claims, 'role')).toBe('operator');
    expect(roleFromClaims({ roles: ['viewer', 'admin', 'x'] }, 'roles')).toBe('admin');
    expect(roleFromClaims({ role: 'root' }, 'role')).toBeUndefined();
  });

  it('refuses a wrong secret, another algorithm, alg none, expiry and not-before', () => {
    expect(() => verifyHs256(sign({ role: 'admin' }, 'another-secret'), secret, now)).toThrow(/signature/);
    expect(() => verifyHs256(sign({ role: 'admin' }, secret, { alg: 'HS512' }), secret, now)).toThrow(
      /HS256/,
    );
    const none = sign({ role: 'admin' }, secret, { alg: 'none' }).replace(/\.[^.]+$/, '.');
    expect(() => verifyHs256(none, secret, now)).toThrow(/none/);
    expect(() => verifyHs256(sign({ exp: now - 120 }), secret, now)).toThrow(/expired/);
    expect(() => verifyHs256(sign({ nbf: now + 120 }), secret, now)).toThrow(/not valid yet/);
    expect(() => verifyHs256('not-a-jwt', secret, now)).toThrow(/not a JWT/);
  });
});
