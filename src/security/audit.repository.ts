import { Injectable } from '@nestjs/common';
import { insertRow } from '../database/plain-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { Repository } from 'typeorm';
import { Page } from '../common/pagination';
import { AuditEntry } from './entities/audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  outcome?: number;
  limit: number;
  offset: number;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get entries(): Repository<AuditEntry> {
    return this.uow.manager.getRepository(AuditEntry);
  }

  /**
   * One plain INSERT: save() would wrap it in a transaction of its own (three statements) and
   * compute a change set first, insert() would build it through the query builder, on every change
   * request the service answers.
   */
  async append(entry: NewAuditEntry): Promise<void> {
    await insertRow(this.uow, AuditEntry, entry);
  }

  /** Newest first; `since` inclusive, `until` exclusive. */
  async search(filter: AuditFilter): Promise<Page<AuditEntry>> {
    const query = this.entries.createQueryBuilder('a');
    if (filter.actor !== undefined) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.action !== undefined) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.since !== undefined) query.andWhere('a.at >= :since', { since: filter.since });
    if (filter.until !== undefined) query.andWhere('a.at < :until', { until: filter.until });
    if (filter.outcome !== undefined) query.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    const [items, total] = await query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total, limit: filter.limit, offset: filter.offset };
  }
}
