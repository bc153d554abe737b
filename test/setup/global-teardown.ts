import type { ThrowawayPostgres } from './throwaway-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __throwawayPostgres__?: ThrowawayPostgres }).__throwawayPostgres__;
  if (server) await server.stop();
}
