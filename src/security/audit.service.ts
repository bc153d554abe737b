/**
 * The audit trail: app.factory's onResponse hook hands every change request here after the
 * response left (so 4xx from guards and pipes are recorded too). Writes run in the background;
 * a failed write is logged with the entry, and shutdown waits for the writes in flight.
 */
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { API_PREFIX } from '../common/api-prefix';
import { storable } from '../common/input-hygiene';
import { Page } from '../common/pagination';
import { rulePath } from './access-rules';
import { AuditFilter, AuditRepository, NewAuditEntry } from './audit.repository';
import { AuditEntry } from './entities/audit-entry.entity';
import { principalOf } from './principal';

const UNAUDITED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Ids worth finding an entry by, from the query string. */
const TARGET_QUERY_FIELDS = ['machine_id', 'model_id', 'test_id', 'alert_id', 'job_id'];
/** Route parameters called `id`, named by the collection they index. */
const ID_PARAM_NAMES: Record<string, string> = { machines: 'machine_id', 'api-keys': 'key_id' };

/** The ids a request acts on, from its route parameters and its query string. */
export function auditTarget(
  path: string,
  params: Record<string, unknown>,
  query: Record<string, unknown>,
): Record<string, string> {
  const target: Record<string, string> = {};
  const collection = path
    .split('/')
    .filter(Boolean)
    .find((segment) => segment in ID_PARAM_NAMES);
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' || name === 'kind') continue;
    target[name === 'id' && collection ? ID_PARAM_NAMES[collection] : name] = value;
  }
  for (const name of TARGET_QUERY_FIELDS)
    if (typeof query[name] === 'string' && !(name in target)) target[name] = query[name];
  return target;
}

@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly repository: AuditRepository) {}

  /** Records a finished request when it was a change; never throws and never blocks the caller. */
  recordRequest(request: FastifyRequest, status: number): void {
    if (UNAUDITED_METHODS.has(request.method)) return;
    const entry = this.entryFor(request, status);
    const write = this.repository
      .append(entry)
      .catch((error: unknown) => this.logger.error({ err: error, audit: entry }, 'audit entry NOT written'))
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Waits for the writes in flight (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.flush();
  }

  search(filter: AuditFilter): Promise<Page<AuditEntry>> {
    return this.repository.search(filter);
  }

  private entryFor(request: FastifyRequest, status: number): NewAuditEntry {
    const path = request.url.split('?')[0];
    const route = request.routeOptions.url;
    const principal = principalOf(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    // What was sent is recorded even when PostgreSQL cannot store it as sent (a NUL in the query).
    return storable({
      actor: principal?.actor ?? 'anonymous',
      role: principal?.role ?? null,
      method: request.method,
      path,
      action: `${request.method} ${rulePath(route ?? path, API_PREFIX)}`,
      target: auditTarget(path, (request.params ?? {}) as Record<string, unknown>, query),
      outcome: status,
      ip: request.ip ?? null,
      request_id: String(request.id),
      // The query only: bodies may hold meter data or keys.
      details: Object.keys(query).length > 0 ? { query } : {},
    });
  }
}
