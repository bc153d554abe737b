import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The predecessor's three views (13-model-performance-tracking.sql), with every column they had,
 * in their order and under their names (its views were `table.*` plus joined columns, so their
 * columns are the predecessor's table columns), its WHERE and ORDER BY; the columns this service
 * added follow after them. Grafana panels and SQL written for the predecessor read them unchanged.
 */
export class PredecessorViews1764903600000 implements MigrationInterface {
  name = 'PredecessorViews1764903600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const view of VIEWS) await queryRunner.query(view);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['v_unresolved_model_alerts', 'v_active_ab_tests', 'v_latest_model_performance'])
      await queryRunner.query(`DROP VIEW IF EXISTS ${name}`);
  }
}

const columns = (alias: string, names: string) =>
  names
    .trim()
    .split(/\s+/)
    .map((name) => `${alias}.${name}`)
    .join(', ');

const VIEWS = [
  `CREATE VIEW v_latest_model_performance AS
     SELECT DISTINCT ON (mpm.machine_id, mpm.model_type)
            ${columns(
              'mpm',
              `id model_id model_type machine_id model_version evaluation_date evaluation_start evaluation_end
               sample_count metrics r_squared rmse mae mape precision_score recall_score f1_score true_positives
               false_positives true_negatives false_negatives drift_detected drift_score drift_threshold
               data_completeness outlier_percentage evaluation_notes created_at created_by metadata`,
            )},
            m.name AS machine_name, m.type AS machine_type,
            ${columns('mpm', 'cv_rmse nmbe source origin')}
       FROM model_performance_metrics mpm
       JOIN machines m ON m.id = mpm.machine_id
      ORDER BY mpm.machine_id, mpm.model_type, mpm.evaluation_date DESC, mpm.created_at DESC`,
  `CREATE VIEW v_active_ab_tests AS
     SELECT ${columns(
       'abt',
       `id test_name model_type machine_id model_a_id model_a_version model_b_id model_b_version test_start
        test_end test_status traffic_split_a traffic_split_b model_a_metrics model_b_metrics winner_model_id
        winner_declared_at statistical_significance confidence_level decision decision_notes decided_by
        decided_at created_at created_by metadata`,
     )},
            m.name AS machine_name,
            EXTRACT(EPOCH FROM (now() - abt.test_start)) / 3600 AS test_duration_hours,
            abt.origin
       FROM model_ab_tests abt
       JOIN machines m ON m.id = abt.machine_id
      WHERE abt.test_status = 'running'`,
  `CREATE VIEW v_unresolved_model_alerts AS
     SELECT ${columns(
       'ma',
       `id alert_type severity model_id model_type machine_id model_version alert_timestamp alert_message
        alert_details current_metric_value threshold_value baseline_metric_value is_resolved resolved_at
        resolution_action resolved_by resolution_notes auto_action_taken auto_action_type auto_action_result
        created_at metadata`,
     )},
            m.name AS machine_name, m.type AS machine_type,
            EXTRACT(EPOCH FROM (now() - ma.alert_timestamp)) / 3600 AS age_hours,
            ${columns(
              'ma',
              `acknowledged_at acknowledged_by occurrences last_seen_at worst_metric_value previous_severity
               acknowledgement_notes origin`,
            )}
       FROM model_alerts ma
       JOIN machines m ON m.id = ma.machine_id
      WHERE ma.is_resolved = FALSE
      ORDER BY ma.severity DESC, ma.alert_timestamp DESC`,
];
