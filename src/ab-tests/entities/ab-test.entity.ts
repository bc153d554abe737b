import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  IntColumn,
  JsonColumn,
  MODEL_TYPE_CHECK,
  ModelType,
  NullableText,
  TextColumn,
  TimestampColumn,
  UuidColumn,
} from '../../database/columns';
import { Machine } from '../../machines/entities/machine.entity';
import { ModelVersion } from '../../models/entities/model-version.entity';

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
@Index('uq_ab_one_running', ['machine_id', 'model_type'], {
  unique: true,
  where: `test_status IN ('planned', 'running')`,
})
export class AbTest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_ab_tests_pkey' }) id!: string;
  @TextColumn() test_name!: string;
  @TextColumn() model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @UuidColumn({ nullable: false }) model_a_id!: string;
  @IntColumn({ nullable: false }) model_a_version!: number;
  @UuidColumn({ nullable: false }) model_b_id!: string;
  @IntColumn({ nullable: false }) model_b_version!: number;
  @CreatedAtColumn() test_start!: Date;
  @TimestampColumn() test_end!: Date | null;
  @TextColumn({ default: 'running' }) test_status!: AbTestStatus;
  @DoubleColumn({ nullable: false, default: () => '0.5' }) traffic_split_a!: number;
  @DoubleColumn({ nullable: false, default: () => '0.5' }) traffic_split_b!: number;
  @JsonColumn() model_a_metrics!: Record<string, unknown> | null;
  @JsonColumn() model_b_metrics!: Record<string, unknown> | null;
  @UuidColumn() winner_model_id!: string | null;
  @TimestampColumn() winner_declared_at!: Date | null;
  @DoubleColumn() statistical_significance!: number | null;
  @DoubleColumn({ nullable: false, default: () => '0.95' }) confidence_level!: number;
  @NullableText() decision!: AbDecision | null;
  @NullableText() decision_notes!: string | null;
  @NullableText() decided_by!: string | null;
  @TimestampColumn() decided_at!: Date | null;
  @CreatedAtColumn() created_at!: Date;
  @NullableText() created_by!: string | null;
  @JsonColumn() metadata!: Record<string, unknown> | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_ab_tests_machine_id_fkey' })
  machine?: Machine;
  @ManyToOne(() => ModelVersion)
  @JoinColumn({ name: 'model_a_id', foreignKeyConstraintName: 'model_ab_tests_model_a_id_fkey' })
  model_a?: ModelVersion;
  @ManyToOne(() => ModelVersion)
  @JoinColumn({ name: 'model_b_id', foreignKeyConstraintName: 'model_ab_tests_model_b_id_fkey' })
  model_b?: ModelVersion;
}
