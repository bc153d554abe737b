/**
 * HS256 JWT verification (RFC 7519 / RFC 7515) with node:crypto: only alg HS256 is accepted (no
 * `none`, no algorithm confusion), the signature is compared in constant time, and exp/nbf are
 * enforced with a small clock skew. Tokens from an identity provider's JWKS are verified by jose
 * (authenticator.service.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole, Role } from './api-key';

export class JwtError extends Error {}

const CLOCK_SKEW_SECONDS = 30;

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through to the error below: the part is not JSON
  }
  throw new JwtError(`the token ${what} is not a JSON object`);
}

/** Verifies an HS256 JWT and returns its claims; throws JwtError naming what is wrong. */
export function verifyHs256(
  token: string,
  secret: string,
  nowSeconds = Date.now() / 1000,
): Record<string, unknown> {
  if (!looksLikeJwt(token)) throw new JwtError('the token is not a JWT');
  const [headerPart, payloadPart, signaturePart] = token.split('.');
  const header = decodeJson(headerPart, 'header');
  if (header.alg !== 'HS256') throw new JwtError(`the token algorithm ${String(header.alg)} is not HS256`);
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const actual = Buffer.from(signaturePart, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new JwtError('the token signature is invalid');
  const claims = decodeJson(payloadPart, 'payload');
  if (typeof claims.exp === 'number' && nowSeconds > claims.exp + CLOCK_SKEW_SECONDS)
    throw new JwtError('the token has expired');
  if (typeof claims.nbf === 'number' && nowSeconds + CLOCK_SKEW_SECONDS < claims.nbf)
    throw new JwtError('the token is not valid yet');
  return claims;
}

/** The highest role named by the claim (a string or an array of strings); undefined when none. */
export function roleFromClaims(claims: Record<string, unknown>, claim: string): Role | undefined {
  const value = claims[claim];
  const candidates = (Array.isArray(value) ? value : [value]).filter(isRole);
  const order: Role[] = ['admin', 'operator', 'viewer'];
  return order.find((role) => candidates.includes(role));
}
