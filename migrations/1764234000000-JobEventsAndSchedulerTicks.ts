import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - Every change of a training job is announced with NOTIFY, so that any API replica can stream
 *   job status to browsers (Server-Sent Events) whichever worker process made the change.
 * - mps_scheduler_ticks: one row per scheduled job and tick; the replica whose INSERT wins runs the
 *   job, so each cron job runs once per cluster per tick however many replicas fire.
 */
export class JobEventsAndSchedulerTicks1764234000000 implements MigrationInterface {
  name = 'JobEventsAndSchedulerTicks1764234000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION mps_notify_training_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('training_job_events', json_build_object(
          'id', NEW.id, 'machine_id', NEW.machine_id, 'model_type', NEW.model_type,
          'training_status', NEW.training_status, 'progress', NEW.progress, 'model_version', NEW.model_version,
          'model_id', NEW.model_id, 'trigger_type', NEW.trigger_type, 'error_message', left(NEW.error_message, 500),
          'updated_at', NEW.updated_at)::text);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_training_job_events AFTER INSERT OR UPDATE OF training_status, progress ON model_training_history
      FOR EACH ROW EXECUTE FUNCTION mps_notify_training_job_change()`);
    await queryRunner.query(`
      CREATE TABLE mps_scheduler_ticks (
        job_name text NOT NULL,
        tick timestamptz NOT NULL,
        instance text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome jsonb,
        CONSTRAINT pk_scheduler_ticks PRIMARY KEY (job_name, tick)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_scheduler_ticks');
    await queryRunner.query('DROP TRIGGER IF EXISTS trg_training_job_events ON model_training_history');
    await queryRunner.query('DROP FUNCTION IF EXISTS mps_notify_training_job_change()');
  }
}
