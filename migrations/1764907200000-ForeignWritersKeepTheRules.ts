import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "One open alert" and "one running A/B test" per machine and model type are partial unique
 * indexes, which this service's own statements meet with ON CONFLICT. Other writers of the same
 * tables (the predecessor's SQL, which opened an alert per detection and started tests beside
 * running ones, or any EnMS service written for it) would fail on them instead. For those writers
 * (any session whose application_name does not start with "model-performance-"), a repeat of an
 * open alert is folded into it as this service folds repeats (occurrences, last seen, message,
 * values, severity only rising), and a new running test supersedes the running one of its key.
 */
export class ForeignWritersKeepTheRules1764907200000 implements MigrationInterface {
  name = 'ForeignWritersKeepTheRules1764907200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION mps_fold_foreign_alert() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE folded uuid;
      BEGIN
        IF current_setting('application_name', true) LIKE 'model-performance-%' OR NEW.is_resolved IS TRUE THEN
          RETURN NEW;
        END IF;
        UPDATE model_alerts
           SET occurrences = occurrences + 1, last_seen_at = now(), alert_message = NEW.alert_message,
               alert_details = coalesce(NEW.alert_details, alert_details),
               current_metric_value = coalesce(NEW.current_metric_value, current_metric_value),
               threshold_value = coalesce(NEW.threshold_value, threshold_value),
               previous_severity = severity::text,
               severity = greatest(severity, NEW.severity)
         WHERE machine_id = NEW.machine_id AND model_type = NEW.model_type AND alert_type = NEW.alert_type
           AND NOT is_resolved
        RETURNING id INTO folded;
        RETURN CASE WHEN folded IS NULL THEN NEW END;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_mps_fold_foreign_alert BEFORE INSERT ON model_alerts
        FOR EACH ROW EXECUTE FUNCTION mps_fold_foreign_alert()`);
    await queryRunner.query(`
      CREATE FUNCTION mps_supersede_running_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('application_name', true) LIKE 'model-performance-%'
           OR NEW.test_status NOT IN ('planned', 'running') THEN
          RETURN NEW;
        END IF;
        UPDATE model_ab_tests
           SET test_status = 'cancelled',
               decision_notes = concat_ws(' ', decision_notes, format('Superseded by the test %L that %s started.',
                                          NEW.test_name, coalesce(nullif(current_setting('application_name', true), ''), 'another writer')))
         WHERE machine_id = NEW.machine_id AND model_type = NEW.model_type AND test_status IN ('planned', 'running');
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_mps_supersede_running_test BEFORE INSERT ON model_ab_tests
        FOR EACH ROW EXECUTE FUNCTION mps_supersede_running_test()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS trg_mps_supersede_running_test ON model_ab_tests');
    await queryRunner.query('DROP FUNCTION IF EXISTS mps_supersede_running_test()');
    await queryRunner.query('DROP TRIGGER IF EXISTS trg_mps_fold_foreign_alert ON model_alerts');
    await queryRunner.query('DROP FUNCTION IF EXISTS mps_fold_foreign_alert()');
  }
}
