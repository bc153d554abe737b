/**
 * The mps_scheduler_ticks table (whoever inserts (job, tick) first runs that tick) and, for the
 * fanned-out jobs, mps_scheduler_items (one row per model of a tick: its state, attempts, error).
 */
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import type { ItemState } from './scheduler-item.entity';

export interface TickProgress {
  items: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  finished: boolean;
}

export interface TickRow {
  tick: Date;
  instance: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: unknown;
}

export interface FailedItem {
  item: string;
  attempts: number;
  error: string | null;
}

/** Counts of a tick's items by state, and the sum of each count its items reported. */
const PROGRESS = `
  SELECT count(*)::int AS items,
         count(*) FILTER (WHERE i.state = 'queued')::int AS queued,
         count(*) FILTER (WHERE i.state = 'running')::int AS running,
         count(*) FILTER (WHERE i.state = 'done')::int AS done,
         count(*) FILTER (WHERE i.state = 'failed')::int AS failed,
         (SELECT coalesce(jsonb_object_agg(key, total), '{}') FROM (
            SELECT e.key, sum(e.value::numeric) AS total
              FROM mps_scheduler_items o, jsonb_each(o.outcome) e
             WHERE o.job_name = t.job_name AND o.tick = t.tick AND jsonb_typeof(e.value) = 'number'
             GROUP BY e.key) sums) AS totals
    FROM mps_scheduler_items i WHERE i.job_name = t.job_name AND i.tick = t.tick`;

@Injectable()
export class SchedulerRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async claimTick(jobName: string, tick: Date, instance: string): Promise<boolean> {
    const rows = await this.uow.manager.query<unknown[]>(
      `INSERT INTO mps_scheduler_ticks (job_name, tick, instance) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING job_name`,
      [jobName, tick, instance],
    );
    return rows.length === 1;
  }

  async finishTick(jobName: string, tick: Date, outcome: Record<string, unknown>): Promise<void> {
    await this.uow.manager.query(
      `UPDATE mps_scheduler_ticks SET finished_at = now(), outcome = $3 WHERE job_name = $1 AND tick = $2`,
      [jobName, tick, JSON.stringify(outcome)],
    );
  }

  recentTicks(jobName: string, limit: number) {
    return this.uow.manager.query<TickRow[]>(
      `SELECT tick, instance, started_at, finished_at, outcome FROM mps_scheduler_ticks WHERE job_name = $1 ORDER BY tick DESC LIMIT $2`,
      [jobName, limit],
    );
  }

  async findTick(jobName: string, tick: Date): Promise<TickRow | undefined> {
    const [row] = await this.uow.manager.query<TickRow[]>(
      `SELECT tick, instance, started_at, finished_at, outcome FROM mps_scheduler_ticks WHERE job_name = $1 AND tick = $2`,
      [jobName, tick],
    );
    return row;
  }

  /** One queued row per item; the primary key keeps each item of a tick once. */
  async insertItems(jobName: string, tick: Date, items: string[]): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO mps_scheduler_items (job_name, tick, item) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [jobName, tick, items],
    );
  }

  /**
   * Marks an item running for this attempt. A running item is taken again: its message came back
   * because the worker that had it stopped (pg-boss expiry). Undefined when it is settled already.
   */
  async startItem(jobName: string, tick: Date, item: string, worker: string): Promise<number | undefined> {
    const [row] = await this.uow.updateReturning<{ attempts: number }>(
      `UPDATE mps_scheduler_items SET state = 'running', attempts = attempts + 1, worker = $4, updated_at = now()
        WHERE job_name = $1 AND tick = $2 AND item = $3 AND state IN ('queued', 'running') RETURNING attempts`,
      [jobName, tick, item, worker],
    );
    return row?.attempts;
  }

  /**
   * Records an attempt's end (done, failed, or queued again for a retry) and, when it was the
   * tick's last open item, finishes the tick with its counts. The tick row is locked first, so
   * two workers settling the last two items cannot both see the other's still open.
   * Answers the tick's outcome when this call finished it.
   */
  settleItem(
    jobName: string,
    tick: Date,
    item: string,
    settled: { state: Exclude<ItemState, 'running'>; outcome: object | null; error: string | null },
  ): Promise<Record<string, unknown> | undefined> {
    return this.uow.run(async () => {
      const manager = this.uow.manager;
      await manager.query(`SELECT 1 FROM mps_scheduler_ticks WHERE job_name = $1 AND tick = $2 FOR UPDATE`, [
        jobName,
        tick,
      ]);
      await manager.query(
        `UPDATE mps_scheduler_items SET state = $4, outcome = $5, error = $6, updated_at = now()
          WHERE job_name = $1 AND tick = $2 AND item = $3`,
        [
          jobName,
          tick,
          item,
          settled.state,
          settled.outcome && JSON.stringify(settled.outcome),
          settled.error,
        ],
      );
      const [finished] = await this.uow.updateReturning<{ outcome: Record<string, unknown> }>(
        `UPDATE mps_scheduler_ticks t SET finished_at = now(),
                outcome = (SELECT jsonb_build_object('items', p.items, 'done', p.done, 'failed', p.failed) || p.totals
                             FROM (${PROGRESS}) p)
          WHERE t.job_name = $1 AND t.tick = $2 AND t.finished_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM mps_scheduler_items i WHERE i.job_name = t.job_name AND i.tick = t.tick
                               AND i.state IN ('queued', 'running'))
          RETURNING t.outcome`,
        [jobName, tick],
      );
      return finished?.outcome;
    });
  }

  /** Progress of the given ticks of a job (ticks without items have none). */
  async progress(jobName: string, ticks: Date[]): Promise<Map<number, TickProgress>> {
    const rows = await this.uow.manager.query<(TickProgress & { tick: Date })[]>(
      `SELECT t.tick, p.items, p.queued, p.running, p.done, p.failed, t.finished_at IS NOT NULL AS finished
         FROM mps_scheduler_ticks t, LATERAL (${PROGRESS}) p
        WHERE t.job_name = $1 AND t.tick = ANY ($2::timestamptz[])`,
      [jobName, ticks],
    );
    return new Map(rows.map(({ tick, ...progress }) => [tick.getTime(), progress]));
  }

  /** Item counts by state of the newest tick of each of `jobNames` (the Prometheus gauge). */
  latestTickCounts(jobNames: string[]) {
    return this.uow.manager.query<{ job_name: string; state: ItemState; n: number }[]>(
      `SELECT i.job_name, i.state, count(*)::int AS n
         FROM unnest($1::text[]) AS job(name)
         CROSS JOIN LATERAL (SELECT tick FROM mps_scheduler_ticks WHERE job_name = job.name ORDER BY tick DESC LIMIT 1) latest
         JOIN mps_scheduler_items i ON i.job_name = job.name AND i.tick = latest.tick
        GROUP BY i.job_name, i.state`,
      [jobNames],
    );
  }

  failedItems(jobName: string, tick: Date, limit: number) {
    return this.uow.manager.query<FailedItem[]>(
      `SELECT item, attempts, error FROM mps_scheduler_items
        WHERE job_name = $1 AND tick = $2 AND state = 'failed' ORDER BY item LIMIT $3`,
      [jobName, tick, limit],
    );
  }
}
