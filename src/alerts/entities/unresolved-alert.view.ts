import { ViewColumn, ViewEntity } from 'typeorm';

/** v_unresolved_model_alerts: open alerts (the predecessor's columns, then this service's) with the
 * machine's name and type and the age in hours, critical first. */
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
  @ViewColumn() alert_details!: Record<string, unknown> | null;
  @ViewColumn() current_metric_value!: number | null;
  @ViewColumn() threshold_value!: number | null;
  @ViewColumn() baseline_metric_value!: number | null;
  @ViewColumn() is_resolved!: boolean;
  @ViewColumn() resolved_at!: Date | null;
  @ViewColumn() resolution_action!: string | null;
  @ViewColumn() resolved_by!: string | null;
  @ViewColumn() resolution_notes!: string | null;
  @ViewColumn() auto_action_taken!: boolean;
  @ViewColumn() auto_action_type!: string | null;
  @ViewColumn() auto_action_result!: Record<string, unknown> | null;
  @ViewColumn() created_at!: Date;
  @ViewColumn() metadata!: Record<string, unknown> | null;
  @ViewColumn() machine_name!: string;
  @ViewColumn() machine_type!: string;
  @ViewColumn() age_hours!: number;
  @ViewColumn() acknowledged_at!: Date | null;
  @ViewColumn() acknowledged_by!: string | null;
  @ViewColumn() occurrences!: number;
  @ViewColumn() last_seen_at!: Date;
  @ViewColumn() worst_metric_value!: number | null;
  @ViewColumn() previous_severity!: string | null;
  @ViewColumn() acknowledgement_notes!: string | null;
  @ViewColumn() origin!: string;
}
