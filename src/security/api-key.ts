/**
 * API keys and roles, as pure functions. Keys are high-entropy random strings, so one SHA-256 is
 * enough to store them: a slow password hash protects low-entropy secrets, which these are not.
 */
import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role may do everything the roles before it may. */
export function roleAllows(held: Role, required: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(required);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

const KEY_CHARS = '[A-Za-z0-9._~+/=-]{16,}';
const ENTRY = `\\s*(?:[\\w.@-]+:)?(?:viewer|operator|admin):${KEY_CHARS}\\s*`;
/** API_KEYS: `role:key` or `name:role:key`, comma-separated. */
export const API_KEYS_PATTERN = new RegExp(`^${ENTRY}(?:,${ENTRY})*$`);

export interface ConfiguredKey {
  name: string;
  role: Role;
  key_hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: 32 random bytes, base64url, with a prefix that makes leaked keys easy to grep for. */
export function generateApiKey(): string {
  return `mps_${randomBytes(32).toString('base64url')}`;
}

/**
 * Parses API_KEYS. Unnamed keys are called `env-<role>-<n>` (n counts from 1 in list order), so
 * the audit trail names them without revealing anything about the key.
 */
export function parseApiKeys(text: string | undefined): ConfiguredKey[] {
  if (!text || text.trim() === '') return [];
  if (!API_KEYS_PATTERN.test(text)) throw new Error('API_KEYS: expected role:key or name:role:key entries');
  return text.split(',').map((entry, index) => {
    const parts = entry.trim().split(':');
    const [name, role, key] =
      parts.length === 2
        ? [`env-${parts[0]}-${index + 1}`, parts[0], parts[1]]
        : [parts[0], parts[1], parts[2]];
    if (!isRole(role)) throw new Error(`API_KEYS: unknown role ${role}`);
    return { name, role, key_hash: hashApiKey(key) };
  });
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key`, or undefined without credentials. */
export function credentialFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  return undefined;
}
