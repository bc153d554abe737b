import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mps_model_reference_samples: what the drift tests need of a version's training window (each
 * driver's training values by calendar month as distinct values with counts, the training
 * residuals' mean and deviation), kept at the version's first recorded evaluation so that the
 * next ones do not read and score the training window again (src/drift/reference-sample.ts). One
 * row per version (the primary key), for that window only (the check keeps the window a window);
 * it goes with its version.
 */
export class ReferenceSamples1764914400000 implements MigrationInterface {
  name = 'ReferenceSamples1764914400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mps_model_reference_samples (
        model_id uuid NOT NULL,
        reference_start timestamptz NOT NULL,
        reference_end timestamptz NOT NULL,
        drivers jsonb NOT NULL,
        residuals jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_model_reference_samples PRIMARY KEY (model_id),
        CONSTRAINT fk_model_reference_samples_model FOREIGN KEY (model_id)
          REFERENCES mps_model_versions (id) ON DELETE CASCADE,
        CONSTRAINT chk_model_reference_samples_window CHECK (reference_end > reference_start)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_model_reference_samples');
  }
}
