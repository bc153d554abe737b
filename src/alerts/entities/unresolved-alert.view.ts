import { ViewColumn, ViewEntity } from 'typeorm';

/** v_unresolved_model_alerts: open alerts with machine name/type and age in hours. */
@ViewEntity({ name: 'v_unresolved_model_alerts', synchronize: false })
export class UnresolvedAlertView {
  @ViewColumn() id!: string;
  @ViewColumn() alert_type!: string;
  @ViewColumn() severity!: string;
  @ViewColumn() model_id!: string | null;
  @ViewColumn() model_type!: string;
  @ViewColumn() machine_id!: string;
  @ViewColumn() model_version!: number | null;
  @ViewColumn() alert_timestamp!: Date;
  @ViewColumn() alert_message!: string;
  @ViewColumn() current_metric_value!: number | null;
  @ViewColumn() threshold_metric_value!: number | null;
  @ViewColumn() is_resolved!: boolean;
  @ViewColumn() acknowledged_at!: Date | null;
  @ViewColumn() auto_action_taken!: boolean;
  @ViewColumn() occurrences!: number;
  @ViewColumn() last_seen_at!: Date;
  @ViewColumn() machine_name!: string;
  @ViewColumn() machine_type!: string;
  @ViewColumn() age_hours!: number;
}
