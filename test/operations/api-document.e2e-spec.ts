/**
 * The page's API types are generated (openapi-typescript, `npm run api:types`) from the committed
 * OpenAPI document src/ui/web/openapi.json. This test keeps that file equal to what the service
 * serves at /docs-json, so a changed DTO cannot leave the page compiling against stale shapes.
 * `npm run api:snapshot` rewrites the file from the running code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/test-app';

const SNAPSHOT = join(__dirname, '../../src/ui/web/openapi.json');

describe('the OpenAPI document the page is typed against', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it('is the document the service serves at /docs-json', async () => {
    const served: unknown = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    if (process.env.UPDATE_API_SNAPSHOT === '1')
      writeFileSync(SNAPSHOT, `${JSON.stringify(served, null, 2)}\n`);
    const committed: unknown = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
    // On a difference: `npm run api:snapshot`, then `npm run typecheck` shows what the page must follow.
    expect(committed).toEqual(served);
  });
});
