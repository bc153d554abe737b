/** The loopback rule: an open service (no API keys, no JWT) must not listen beyond this host. */
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare.startsWith('::ffff:127.');
}

/** Throws a one-line message when HOST is not loopback and no keys are configured. */
export function assertSafeBinding(host: string, keysConfigured: boolean): void {
  if (keysConfigured || isLoopback(host)) return;
  throw new Error(
    `refusing to listen on ${host} without access control: set API_KEYS (or JWT_SECRET, JWT_JWKS_URL), or HOST=127.0.0.1`,
  );
}
