import { ViewColumn, ViewEntity } from 'typeorm';

/** v_latest_model_performance: the newest metrics row per machine and model type (the predecessor's
 * columns, the machine's name and type, then this service's columns). */
@ViewEntity({ name: 'v_latest_model_performance', synchronize: false })
export class LatestPerformanceView {
  @ViewColumn() id!: string;
  @ViewColumn() model_id!: string;
  @ViewColumn() model_type!: string;
  @ViewColumn() machine_id!: string;
  @ViewColumn() model_version!: number;
  @ViewColumn() evaluation_date!: Date;
  @ViewColumn() evaluation_start!: Date;
  @ViewColumn() evaluation_end!: Date;
  @ViewColumn() sample_count!: number;
  @ViewColumn() metrics!: Record<string, unknown>;
  @ViewColumn() r_squared!: number | null;
  @ViewColumn() rmse!: number | null;
  @ViewColumn() mae!: number | null;
  @ViewColumn() mape!: number | null;
  @ViewColumn() precision_score!: number | null;
  @ViewColumn() recall_score!: number | null;
  @ViewColumn() f1_score!: number | null;
  @ViewColumn() true_positives!: number | null;
  @ViewColumn() false_positives!: number | null;
  @ViewColumn() true_negatives!: number | null;
  @ViewColumn() false_negatives!: number | null;
  @ViewColumn() drift_detected!: boolean | null;
  @ViewColumn() drift_score!: number | null;
  @ViewColumn() drift_threshold!: number | null;
  @ViewColumn() data_completeness!: number | null;
  @ViewColumn() outlier_percentage!: number | null;
  @ViewColumn() evaluation_notes!: string | null;
  @ViewColumn() created_at!: Date;
  @ViewColumn() created_by!: string | null;
  @ViewColumn() metadata!: Record<string, unknown> | null;
  @ViewColumn() machine_name!: string;
  @ViewColumn() machine_type!: string;
  @ViewColumn() cv_rmse!: number | null;
  @ViewColumn() nmbe!: number | null;
  @ViewColumn() source!: string;
  @ViewColumn() origin!: string;
}
