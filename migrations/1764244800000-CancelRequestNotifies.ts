import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancel request is announced like a status change (NOTIFY training_job_events, now with
 * `cancel_requested`), so the worker fitting the job stops at once instead of at its next heartbeat.
 */
export class CancelRequestNotifies1764244800000 implements MigrationInterface {
  name = 'CancelRequestNotifies1764244800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(notifyFunction(true));
    await queryRunner.query('DROP TRIGGER trg_training_job_events ON model_training_history');
    await queryRunner.query(`
      CREATE TRIGGER trg_training_job_events
      AFTER INSERT OR UPDATE OF training_status, progress, cancel_requested_at ON model_training_history
      FOR EACH ROW EXECUTE FUNCTION mps_notify_training_job_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER trg_training_job_events ON model_training_history');
    await queryRunner.query(`
      CREATE TRIGGER trg_training_job_events AFTER INSERT OR UPDATE OF training_status, progress ON model_training_history
      FOR EACH ROW EXECUTE FUNCTION mps_notify_training_job_change()`);
    await queryRunner.query(notifyFunction(false));
  }
}

function notifyFunction(withCancel: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION mps_notify_training_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('training_job_events', json_build_object(
        'id', NEW.id, 'machine_id', NEW.machine_id, 'model_type', NEW.model_type,
        'training_status', NEW.training_status, 'progress', NEW.progress, 'model_version', NEW.model_version,
        'model_id', NEW.model_id, 'trigger_type', NEW.trigger_type, 'error_message', left(NEW.error_message, 500),
        ${withCancel ? "'cancel_requested', NEW.cancel_requested_at IS NOT NULL," : ''}
        'updated_at', NEW.updated_at)::text);
      RETURN NEW;
    END $$`;
}
