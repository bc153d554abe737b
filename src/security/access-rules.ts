/**
 * The rule table of the global access guard: which role a method and path need. Reads need a
 * viewer, changes an operator, and a few changes (activating versions, concluding A/B tests with
 * promotion, creating machines, everything under /admin) an admin.
 */
import type { Role } from './api-key';

export type Requirement = Role | 'open';

export interface AccessRule {
  method: string;
  /** Matched against the path after the API prefix (no query string). */
  pattern: RegExp;
  requires: Requirement;
}

const UUID_OR_SEGMENT = '[^/]+';

/** First match wins; the defaults below the table apply when none matches. */
export const ACCESS_RULES: readonly AccessRule[] = [
  { method: '*', pattern: /^\/health(\/|$)/, requires: 'open' },
  { method: 'POST', pattern: new RegExp(`^/models/${UUID_OR_SEGMENT}/activate$`), requires: 'admin' },
  { method: 'POST', pattern: new RegExp(`^/ab-tests/${UUID_OR_SEGMENT}/conclude$`), requires: 'admin' },
  { method: 'POST', pattern: /^\/machines$/, requires: 'admin' },
  { method: '*', pattern: /^\/admin(\/|$)/, requires: 'admin' },
];

export interface AccessOptions {
  apiPrefix: string;
  metricsOpen: boolean;
}

/** The path a rule sees: without the query string, the API prefix and a trailing slash. */
export function rulePath(url: string, apiPrefix: string): string {
  let path = url.split('?')[0];
  const prefix = `/${apiPrefix.replace(/^\/|\/$/g, '')}`;
  if (path === prefix || path.startsWith(`${prefix}/`)) path = path.slice(prefix.length) || '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export function requiredRole(method: string, url: string, options: AccessOptions): Requirement {
  const verb = method.toUpperCase();
  const path = rulePath(url, options.apiPrefix);
  // The Prometheus scrape path lives outside the prefix; the API's own /metrics/* are not it.
  if (options.metricsOpen && path === '/metrics' && !url.startsWith(`/${options.apiPrefix}`)) return 'open';
  const rule = ACCESS_RULES.find((r) => (r.method === '*' || r.method === verb) && r.pattern.test(path));
  if (rule) return rule.requires;
  return verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS' ? 'viewer' : 'operator';
}
