import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mps_scheduler_items: the fanned-out ticks of the monitoring jobs. The replica that claims a tick
 * enqueues one message per model (or machine), and each item's row is its record: queued, running,
 * done or failed, with its attempts, last error and what it did. The primary key is the uniqueness
 * (one item per job, tick and model), so a re-sent message meets the row it already has; the tick
 * is finished when none of its items is queued or running.
 */
export class SchedulerItems1764910800000 implements MigrationInterface {
  name = 'SchedulerItems1764910800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mps_scheduler_items (
        job_name text NOT NULL,
        tick timestamptz NOT NULL,
        item text NOT NULL,
        state text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        error text,
        outcome jsonb,
        worker text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_scheduler_items PRIMARY KEY (job_name, tick, item),
        CONSTRAINT chk_scheduler_items_state CHECK ("state" IN ('queued', 'running', 'done', 'failed'))
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_scheduler_items');
  }
}
