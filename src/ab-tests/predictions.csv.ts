/** CSV of expected vs actual: one row per metered interval of the serving version, with the JSON values. */
import { toCsv, type CsvColumn } from '../common/csv-export';
import type { AbTestsService } from './ab-tests.service';

type Prediction = Awaited<ReturnType<AbTestsService['serve']>>['predictions'][number];

export function predictionsCsv(predictions: readonly Prediction[]): string {
  const anomalies = predictions.some((row) => 'is_anomaly' in row);
  const columns: CsvColumn<Prediction>[] = [
    { header: 'time', value: (row) => row.time },
    { header: 'local_time', value: (row) => row.local_time },
    { header: 'expected_kwh', value: (row) => row.expected_kwh },
    { header: 'actual_kwh', value: (row) => row.actual_kwh },
    ...(anomalies
      ? [
          { header: 'is_anomaly', value: (row: Prediction) => row.is_anomaly },
          { header: 'anomaly_score', value: (row: Prediction) => row.anomaly_score },
        ]
      : []),
  ];
  return toCsv(columns, predictions);
}
