/**
 * The one pg-boss 10 instance of a process (in the `pgboss` schema of the same PostgreSQL): no
 * extra infrastructure, retries with backoff, expiry, many workers on many hosts. The training
 * queue and the scheduled-work queue both send through it, so a process keeps one small pool and
 * one maintenance loop however many queues it serves.
 */
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DATABASE_URL } from './database.tokens';
import { UnitOfWork } from './unit-of-work';

@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private boss?: Promise<PgBoss>;
  private readonly queues = new Map<string, Promise<PgBoss>>();

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly uow: UnitOfWork,
  ) {}

  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.databaseUrl,
        schema: 'pgboss',
        max: 4,
        application_name: 'model-performance-queue',
        schedule: false,
      });
      boss.on('error', (error) => this.logger.error({ err: error }, 'queue error'));
      await boss.start();
      return boss;
    })();
    return this.boss;
  }

  /** pg-boss, once the named queue exists with its policy (created by the first process that asks). */
  queue(name: string, policy: Omit<PgBoss.Queue, 'name'>): Promise<PgBoss> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.started().then(async (boss) => {
        await boss.createQueue(name, { name, ...policy });
        return boss;
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The caller's unit of work as pg-boss's `db`: what it sends commits with the caller's rows. */
  inTransaction(): PgBoss.Db {
    const manager = this.uow.manager;
    return {
      executeSql: async (text: string, values: unknown[]) => ({
        rows: await manager.query<unknown[]>(text, values),
      }),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    const boss = await this.boss;
    await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
  }
}
