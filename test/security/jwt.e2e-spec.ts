/**
 * JWT bearer tokens: HS256 with JWT_SECRET, and RS256 from an identity provider's JWKS (a real HTTP
 * server on loopback serving the public key), with issuer and audience checks.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { findFreePort } from '../../src/common/free-port';
import { API, createTestApp } from '../support/test-app';

const ISSUER = 'https://idp.plant.test';
const AUDIENCE = 'model-performance';
const SECRET = 's'.repeat(40);

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

function sign(key: SigningKey | Uint8Array, claims: JWTPayload, alg = 'RS256', kid = 'plant-1') {
  const token = new SignJWT(claims).setProtectedHeader({ alg, kid }).setIssuedAt();
  return (claims.exp === undefined ? token.setExpirationTime('5m') : token).sign(key);
}

/** A service app built with `env` set (and restored after it closed). */
async function appWith(env: Record<string, string>) {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const app = await createTestApp();
  return {
    app,
    async close() {
      await app.close();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): any }) => ({
  status: response.statusCode,
  type: String(response.headers['content-type']),
  code: response.json().code as string,
});

describe('security: JWT bearer tokens (HS256 secret and JWKS)', () => {
  let jwksServer: Server;
  let service: Awaited<ReturnType<typeof appWith>>;
  let app: NestFastifyApplication;
  let providerKey: SigningKey;
  let strangerKey: SigningKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const provider = await generateKeyPair('RS256');
    providerKey = provider.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(provider.publicKey)), kid: 'plant-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_request, response) => {
      jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    service = await appWith({
      JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_SECRET: SECRET,
    });
    app = service.app;
  });
  afterAll(async () => {
    await service.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const asBearer = (token: string, method: 'GET' | 'POST' = 'GET', url = `${API}/machines`) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
  const fromProvider = (claims: JWTPayload) =>
    sign(providerKey, { iss: ISSUER, aud: AUDIENCE, sub: 'energy.manager', ...claims });

  it("accepts the provider's RS256 token with its role: a viewer reads but may not trigger", async () => {
    const viewer = await fromProvider({ role: 'viewer' });
    expect((await asBearer(viewer)).statusCode).toBe(200);
    const trigger = await asBearer(viewer, 'POST', `${API}/retrain/trigger?model_type=baseline`);
    expect(problem(trigger)).toMatchObject({ status: 403, type: expect.stringMatching(/problem\+json/) });
    // Keys are cached: one fetch served both requests.
    expect(jwksRequests).toBe(1);
  });

  it('takes the highest role of an array claim, and HS256 tokens signed with JWT_SECRET', async () => {
    const admin = await fromProvider({ role: ['viewer', 'admin'] });
    expect((await asBearer(admin, 'GET', `${API}/admin/audit`)).statusCode).toBe(200);
    const hs256 = await sign(new TextEncoder().encode(SECRET), { role: 'admin', sub: 'ops' }, 'HS256');
    expect((await asBearer(hs256, 'GET', `${API}/admin/audit`)).statusCode).toBe(200);
  });

  it('refuses with 401 problem+json: a stranger key, another issuer or audience, an expired token, alg none', async () => {
    const refused = [
      await sign(strangerKey, { iss: ISSUER, aud: AUDIENCE, role: 'admin' }),
      await fromProvider({ role: 'admin', iss: 'https://elsewhere.test' }),
      await fromProvider({ role: 'admin', aud: 'another-service' }),
      await fromProvider({ role: 'admin', exp: Math.floor(Date.now() / 1000) - 3600 }),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin"}').toString('base64url')}.`,
    ];
    for (const token of refused) {
      const response = await asBearer(token);
      expect(problem(response)).toEqual({
        status: 401,
        type: expect.stringMatching(/problem\+json/),
        code: 'AUTH.TOKEN_INVALID',
      });
    }
  });

  it('answers 403 for a valid token whose role claim names no role', async () => {
    const response = await asBearer(await fromProvider({ role: 'superuser' }));
    expect(problem(response)).toMatchObject({ status: 403, code: 'AUTH.TOKEN_WITHOUT_ROLE' });
  });

  it('answers 503 (not 401) while the identity provider cannot be reached', async () => {
    const port = await findFreePort(); // nothing listens there
    const unreachable = await appWith({ JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks` });
    try {
      const response = await unreachable.app.inject({
        method: 'GET',
        url: `${API}/machines`,
        headers: { authorization: `Bearer ${await fromProvider({ role: 'viewer' })}` },
      });
      expect(problem(response)).toEqual({
        status: 503,
        type: expect.stringMatching(/problem\+json/),
        code: 'AUTH.JWKS_UNAVAILABLE',
      });
    } finally {
      await unreachable.close();
    }
  });
});
