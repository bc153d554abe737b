import { ViewColumn, ViewEntity } from 'typeorm';

/** v_active_ab_tests: running tests (the predecessor's columns, then this service's), with the
 * machine's name and the hours since the test started. */
@ViewEntity({ name: 'v_active_ab_tests', synchronize: false })
export class ActiveAbTestView {
  @ViewColumn() id!: string;
  @ViewColumn() test_name!: string;
  @ViewColumn() model_type!: string;
  @ViewColumn() machine_id!: string;
  @ViewColumn() model_a_id!: string;
  @ViewColumn() model_a_version!: number;
  @ViewColumn() model_b_id!: string;
  @ViewColumn() model_b_version!: number;
  @ViewColumn() test_start!: Date;
  @ViewColumn() test_end!: Date | null;
  @ViewColumn() test_status!: string;
  @ViewColumn() traffic_split_a!: number;
  @ViewColumn() traffic_split_b!: number;
  @ViewColumn() model_a_metrics!: Record<string, unknown> | null;
  @ViewColumn() model_b_metrics!: Record<string, unknown> | null;
  @ViewColumn() winner_model_id!: string | null;
  @ViewColumn() winner_declared_at!: Date | null;
  @ViewColumn() statistical_significance!: number | null;
  @ViewColumn() confidence_level!: number;
  @ViewColumn() decision!: string | null;
  @ViewColumn() decision_notes!: string | null;
  @ViewColumn() decided_by!: string | null;
  @ViewColumn() decided_at!: Date | null;
  @ViewColumn() created_at!: Date;
  @ViewColumn() created_by!: string | null;
  @ViewColumn() metadata!: Record<string, unknown> | null;
  @ViewColumn() machine_name!: string;
  @ViewColumn() test_duration_hours!: number;
  @ViewColumn() origin!: string;
}
