import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  IntColumn,
  NullableText,
  TextColumn,
  TimestampColumn,
  UuidColumn,
} from '../../database/columns';
import { Machine } from '../../machines/entities/machine.entity';
import { ModelVersion } from '../../models/entities/model-version.entity';

export const ANOMALY_VERDICTS = ['true_positive', 'false_positive'] as const;
export type AnomalyVerdict = (typeof ANOMALY_VERDICTS)[number];

/** An interval an anomaly model flagged, with the energy manager's verdict. */
@Entity('mps_anomalies')
@Unique('uq_model_anomalies_interval', ['model_id', 'time'])
@Check(
  'chk_model_anomalies_feedback',
  `"feedback" IS NULL OR "feedback" IN ('true_positive', 'false_positive')`,
)
@Check('chk_model_anomalies_feedback_at', '("feedback" IS NULL) = ("feedback_at" IS NULL)')
@Index('idx_model_anomalies_machine_time', ['machine_id', 'time'])
export class Anomaly {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mps_anomalies_pkey' }) id!: string;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @UuidColumn({ nullable: false }) model_id!: string;
  @IntColumn({ nullable: false }) model_version!: number;
  @TimestampColumn({ nullable: false }) time!: Date;
  @TextColumn() local_time!: string;
  @DoubleColumn({ nullable: false }) energy_kwh!: number;
  @DoubleColumn() expected_kwh!: number | null;
  @DoubleColumn({ nullable: false }) score!: number;
  @CreatedAtColumn() detected_at!: Date;
  @NullableText() feedback!: AnomalyVerdict | null;
  @NullableText() feedback_notes!: string | null;
  @NullableText() feedback_by!: string | null;
  @TimestampColumn() feedback_at!: Date | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'mps_anomalies_machine_id_fkey' })
  machine?: Machine;
  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'mps_anomalies_model_id_fkey' })
  model?: ModelVersion;
}
