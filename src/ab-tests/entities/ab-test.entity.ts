import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  IntColumn,
  JsonDefaultEmpty,
  NullableCreatedAt,
  NullableText,
  NumericColumn,
  Origin,
  OriginColumn,
  originCheck,
  TimestampColumn,
  UuidColumn,
  Varchar,
} from '../../database/columns';
import { MODEL_TYPE_CHECK, ModelType } from '../../models/model-type';
import { Machine } from '../../machines/entities/machine.entity';

export const AB_TEST_STATUSES = ['planned', 'running', 'completed', 'cancelled'] as const;
export type AbTestStatus = (typeof AB_TEST_STATUSES)[number];
export const AB_DECISIONS = ['promote_a', 'promote_b', 'no_winner', 'manual_review'] as const;
export type AbDecision = (typeof AB_DECISIONS)[number];

/** A/B test of two versions of one machine's model (the predecessor's model_ab_tests). */
@Entity('model_ab_tests')
@Check('chk_ab_type', MODEL_TYPE_CHECK)
@Check('chk_ab_status', `"test_status" IN ('planned', 'running', 'completed', 'cancelled')`)
@Check(
  'chk_ab_decision',
  `"decision" IS NULL OR "decision" IN ('promote_a', 'promote_b', 'no_winner', 'manual_review')`,
)
@Check(
  'chk_ab_split',
  '"traffic_split_a" >= 0 AND "traffic_split_b" >= 0 AND abs("traffic_split_a" + "traffic_split_b" - 1) < 1e-9',
)
@Check('chk_ab_confidence', '"confidence_level" > 0 AND "confidence_level" < 1')
@Check('chk_ab_distinct', '"model_a_id" <> "model_b_id"')
@Check(...originCheck('model_ab_tests'))
@Index('uq_ab_one_running', ['machine_id', 'model_type'], {
  unique: true,
  where: `test_status IN ('planned', 'running')`,
})
@Index('idx_ab_tests_machine_type', ['machine_id', 'model_type'])
@Index('idx_ab_tests_status', ['test_status'])
@Index('idx_ab_tests_active', ['test_start', 'test_end'], { where: `test_status = 'running'` })
export class AbTest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_ab_tests_pkey' }) id!: string;
  @Varchar(255) test_name!: string;
  @Varchar(50) model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @UuidColumn({ nullable: false }) model_a_id!: string;
  @IntColumn({ nullable: false }) model_a_version!: number;
  @UuidColumn({ nullable: false }) model_b_id!: string;
  @IntColumn({ nullable: false }) model_b_version!: number;
  @TimestampColumn({ nullable: false }) test_start!: Date;
  @TimestampColumn() test_end!: Date | null;
  @Varchar(50, { default: 'running' }) test_status!: AbTestStatus;
  @NumericColumn({ default: () => '0.50' }) traffic_split_a!: number;
  @NumericColumn({ default: () => '0.50' }) traffic_split_b!: number;
  @JsonDefaultEmpty() model_a_metrics!: Record<string, unknown> | null;
  @JsonDefaultEmpty() model_b_metrics!: Record<string, unknown> | null;
  @UuidColumn() winner_model_id!: string | null;
  @TimestampColumn() winner_declared_at!: Date | null;
  @NumericColumn() statistical_significance!: number | null;
  @NumericColumn({ default: () => '0.95' }) confidence_level!: number;
  @Varchar(50, { nullable: true }) decision!: AbDecision | null;
  @NullableText() decision_notes!: string | null;
  @Varchar(100, { nullable: true }) decided_by!: string | null;
  @TimestampColumn() decided_at!: Date | null;
  @NullableCreatedAt() created_at!: Date;
  @Varchar(100, { nullable: true }) created_by!: string | null;
  @JsonDefaultEmpty() metadata!: Record<string, unknown> | null;
  @OriginColumn() origin!: Origin;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_ab_tests_machine_id_fkey' })
  machine?: Machine;
}
