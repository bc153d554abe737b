import { ViewColumn, ViewEntity } from 'typeorm';

/** v_latest_model_performance: the newest metrics row per machine and model type. */
@ViewEntity({ name: 'v_latest_model_performance', synchronize: false })
export class LatestPerformanceView {
  @ViewColumn() id!: string;
  @ViewColumn() model_id!: string | null;
  @ViewColumn() model_type!: string;
  @ViewColumn() machine_id!: string;
  @ViewColumn() model_version!: number | null;
  @ViewColumn() evaluation_date!: Date;
  @ViewColumn() evaluation_start!: Date;
  @ViewColumn() evaluation_end!: Date;
  @ViewColumn() sample_count!: number | null;
  @ViewColumn() r_squared!: number | null;
  @ViewColumn() rmse!: number | null;
  @ViewColumn() mae!: number | null;
  @ViewColumn() mape!: number | null;
  @ViewColumn() cv_rmse!: number | null;
  @ViewColumn() nmbe!: number | null;
  @ViewColumn() drift_detected!: boolean;
  @ViewColumn() drift_score!: number | null;
  @ViewColumn() data_completeness!: number | null;
  @ViewColumn() machine_name!: string;
  @ViewColumn() machine_type!: string;
}
