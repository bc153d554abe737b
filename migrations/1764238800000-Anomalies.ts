import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flagged intervals of the active anomaly models (the EnMS `anomalies` idea, in a table of its own so that the EnMS's stays as it is; keyed by model
 * version and interval so that re-scoring a window never duplicates a flag), with the energy
 * manager's verdict, which feeds the anomaly model's precision.
 */
export class Anomalies1764238800000 implements MigrationInterface {
  name = 'Anomalies1764238800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mps_anomalies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES mps_model_versions(id) ON DELETE CASCADE,
        model_version integer NOT NULL,
        time timestamptz NOT NULL,
        local_time text NOT NULL,
        energy_kwh double precision NOT NULL,
        expected_kwh double precision,
        score double precision NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        feedback text,
        feedback_notes text,
        feedback_by text,
        feedback_at timestamptz,
        CONSTRAINT uq_model_anomalies_interval UNIQUE (model_id, time),
        CONSTRAINT chk_model_anomalies_feedback CHECK (feedback IS NULL OR feedback IN ('true_positive', 'false_positive')),
        CONSTRAINT chk_model_anomalies_feedback_at CHECK ((feedback IS NULL) = (feedback_at IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_model_anomalies_machine_time ON mps_anomalies (machine_id, time)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_anomalies');
  }
}
