/**
 * The routes an app serves and the operations its OpenAPI document describes, in one form
 * (`METHOD /path/:param`), so that a test can tell which served route nobody documented.
 */
import type { FastifyInstance } from 'fastify';

/** Every method and path in Fastify's router. HEAD is left out: Fastify adds it to every GET. */
export function servedRoutes(fastify: FastifyInstance): string[] {
  // printRoutes draws a tree, four characters per level; each node's text continues its parent's path.
  const pathAtDepth: string[] = [];
  const routes: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    const path = (depth > 0 ? pathAtDepth[depth - 1] : '') + node[2];
    pathAtDepth[depth] = path;
    for (const method of node[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

/** The operations of an OpenAPI document as `METHOD /path/:param`. */
export function documentedRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}
