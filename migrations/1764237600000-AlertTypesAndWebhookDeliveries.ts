import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts become a closed vocabulary and notify outside the service:
 * - model_alerts.alert_type gets a CHECK with the six types the service raises (NOT VALID: the
 *   predecessor's rows may name others).
 * - previous_severity: the severity the alert had before its latest occurrence. The upsert that
 *   raises an alert sets it from the row it updates, so that one statement can tell a repeat from
 *   an escalation even when the row was created by a concurrent transaction after its snapshot.
 * - acknowledgement_notes: the operator's note when acknowledging.
 * - mps_alert_webhook_deliveries: one row per attempt to deliver an alert event to the outbound
 *   webhook (delivery_id groups the attempts of one event), so operators can see what was sent.
 */
export class AlertTypesAndWebhookDeliveries1764237600000 implements MigrationInterface {
  name = 'AlertTypesAndWebhookDeliveries1764237600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE model_alerts
        ADD COLUMN IF NOT EXISTS previous_severity text,
        ADD COLUMN IF NOT EXISTS acknowledgement_notes text,
        ADD CONSTRAINT chk_alerts_alert_type CHECK (alert_type IN (
          'drift_detected', 'performance_degradation', 'guideline14_violation',
          'training_failed', 'evaluation_stale', 'data_gap')) NOT VALID,
        ADD CONSTRAINT chk_alerts_previous_severity CHECK (
          previous_severity IS NULL OR previous_severity IN ('normal', 'warning', 'critical'))`);
    await queryRunner.query(`
      CREATE TABLE mps_alert_webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id uuid NOT NULL REFERENCES model_alerts(id) ON DELETE CASCADE,
        delivery_id uuid NOT NULL,
        event text NOT NULL,
        attempt integer NOT NULL,
        status_code integer,
        error text,
        delivered boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_webhook_deliveries_event CHECK (event IN ('opened', 'escalated', 'resolved')),
        CONSTRAINT chk_webhook_deliveries_attempt CHECK (attempt >= 1)
      )`);
    await queryRunner.query(
      'CREATE INDEX idx_webhook_deliveries_alert ON mps_alert_webhook_deliveries (alert_id, created_at)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_alert_webhook_deliveries');
    await queryRunner.query(`
      ALTER TABLE model_alerts
        DROP CONSTRAINT IF EXISTS chk_alerts_previous_severity,
        DROP CONSTRAINT IF EXISTS chk_alerts_alert_type,
        DROP COLUMN IF EXISTS acknowledgement_notes,
        DROP COLUMN IF EXISTS previous_severity`);
  }
}
