/** The mps_scheduler_ticks table: whoever inserts (job, tick) first runs that tick. */
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';

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
    return this.uow.manager.query<
      { tick: Date; instance: string; started_at: Date; finished_at: Date | null; outcome: unknown }[]
    >(
      `SELECT tick, instance, started_at, finished_at, outcome FROM mps_scheduler_ticks WHERE job_name = $1 ORDER BY tick DESC LIMIT $2`,
      [jobName, limit],
    );
  }
}
