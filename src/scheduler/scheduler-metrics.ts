/**
 * Prometheus metrics of the fanned-out ticks. The gauge is read from the database at scrape time,
 * so any replica (API or worker) shows the whole cluster's progress; the counter is this process's
 * own work (sum it over the workers).
 */
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { registry } from '../observability/prometheus';
import { ITEM_STATES } from './scheduler-item.entity';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

type TickCounts = () => Promise<{ job_name: string; state: string; n: number }[]>;

const logger = new Logger('SchedulerMetrics');

/** The app whose database the gauge reads (tests build several apps in one process). */
let source: TickCounts | undefined;

const tickItems = new Gauge({
  name: 'scheduler_tick_items',
  help: 'Items of the newest tick of each fanned-out scheduled job, by state (queued, running, done, failed)',
  labelNames: ['job', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    let rows;
    try {
      rows = (await source?.()) ?? [];
    } catch (error) {
      // A scrape while the database is away still answers the process's own metrics; this gauge is
      // absent from it (and its absence is what an alert on it sees).
      logger.warn({ err: error }, 'scheduler_tick_items not collected');
      return;
    }
    for (const row of rows) this.set({ job: row.job_name, state: row.state }, row.n);
  },
});

export const scheduledItems = new Counter({
  name: 'scheduler_items_total',
  help: 'Attempts at scheduled items this process finished, by job and result (done, failed, retried)',
  labelNames: ['job', 'result'] as const,
  registers: [registry],
});

@Injectable()
export class SchedulerMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly counts: TickCounts;

  constructor(ticks: SchedulerRepository, scheduler: SchedulerService) {
    this.counts = async () => {
      const fannedOut = [...scheduler.jobs().values()].filter((job) => job.work.kind === 'fan_out');
      const rows = await ticks.latestTickCounts(fannedOut.map((job) => job.name));
      // Every state of a job with a tick is exported, zeros included, so a rate or a ratio never lacks a series.
      const jobs = new Set(rows.map((row) => row.job_name));
      const seen = new Set(rows.map((row) => `${row.job_name}/${row.state}`));
      const zeros = [...jobs].flatMap((job) =>
        ITEM_STATES.filter((state) => !seen.has(`${job}/${state}`)).map((state) => ({
          job_name: job,
          state,
          n: 0,
        })),
      );
      return [...rows, ...zeros];
    };
  }

  onModuleInit(): void {
    source = this.counts;
  }

  onModuleDestroy(): void {
    if (source === this.counts) source = undefined;
    tickItems.reset();
  }
}
