/** SQL of mps_model_reference_samples: a version's stored reference for the drift tests. */
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import type { ReferenceSample } from './reference-sample';
import type { ReferenceSampleRow } from './reference-sample.entity';

@Injectable()
export class ReferenceSamplesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The version's sample when it was kept for this very window. */
  async find(modelId: string, start: Date, end: Date): Promise<ReferenceSample | null> {
    const [row] = await this.uow.query<Pick<ReferenceSampleRow, 'drivers' | 'residuals'>>(
      `SELECT drivers, residuals FROM mps_model_reference_samples
        WHERE model_id = $1 AND reference_start = $2 AND reference_end = $3`,
      [modelId, start, end],
    );
    return row ? { drivers: row.drivers, residuals: row.residuals } : null;
  }

  /**
   * Keeps the sample; the first one kept stays (two evaluations of a version at once compute the
   * same). Versions read from the EnMS's energy_baselines are not in mps_model_versions and keep none.
   */
  async keep(modelId: string, start: Date, end: Date, sample: ReferenceSample): Promise<void> {
    await this.uow.query(
      `INSERT INTO mps_model_reference_samples (model_id, reference_start, reference_end, drivers, residuals)
       SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM mps_model_versions WHERE id = $1)
       ON CONFLICT (model_id) DO NOTHING`,
      [
        modelId,
        start,
        end,
        JSON.stringify(sample.drivers),
        sample.residuals && JSON.stringify(sample.residuals),
      ],
    );
  }
}
