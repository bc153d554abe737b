/**
 * CSV of a page of model versions: one row per version with its training window and the
 * Guideline 14 figures of its training and validation metrics (absent figures empty).
 */
import { toCsv, type CsvColumn } from '../common/csv-export';
import type { ModelVersion } from './entities/model-version.entity';

const FIGURES = ['r_squared', 'cv_rmse_pct', 'nmbe_pct'] as const;

const figure = (metrics: Record<string, unknown> | null, name: string) => {
  const value = metrics?.[name];
  return typeof value === 'number' ? value : null;
};

export function versionsCsv(versions: readonly ModelVersion[]): string {
  const columns: CsvColumn<ModelVersion>[] = [
    { header: 'model_id', value: (row) => row.id },
    { header: 'version', value: (row) => row.version },
    { header: 'algorithm', value: (row) => row.algorithm },
    { header: 'status', value: (row) => row.status },
    { header: 'created_at', value: (row) => row.created_at },
    { header: 'activated_at', value: (row) => row.activated_at },
    { header: 'training_data_start', value: (row) => row.training_data_start },
    { header: 'training_data_end', value: (row) => row.training_data_end },
    { header: 'training_samples_count', value: (row) => row.training_samples },
    { header: 'feature_names', value: (row) => row.feature_names.join(' ') },
    ...FIGURES.flatMap((name) =>
      (['training', 'validation'] as const).map((set) => ({
        header: `${set}_${name}`,
        value: (row: ModelVersion) => figure(row[`${set}_metrics`], name),
      })),
    ),
  ];
  return toCsv(columns, versions);
}
