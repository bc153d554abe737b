import { ViewColumn, ViewEntity } from 'typeorm';

/** v_active_ab_tests: running tests with the machine's name and hours running. */
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
  @ViewColumn() traffic_split_a!: number;
  @ViewColumn() traffic_split_b!: number;
  @ViewColumn() confidence_level!: number;
  @ViewColumn() machine_name!: string;
  @ViewColumn() hours_running!: number;
}
