/** Queries of the monitoring endpoints: evaluate a version now, check it for drift. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Iso, QueryBoolean } from '../../common/query-decorators';
import { IsUuid } from '../../common/uuid';
import { MODEL_TYPES, ModelType } from '../../models/model-type';
import { FitMetricsDto } from '../../models/dto/fit-metrics.dto';
import { DriftTestDto } from '../../metrics/dto/metrics.dto';
import { TriggerResponseDto } from '../../training/dto/training.dto';

export class EvaluateQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the active version' })
  @IsOptional()
  @IsUuid()
  model_id?: string;
  @ApiProperty({ example: '2015-01-01T00:00:00Z' }) @Iso() start!: string;
  @ApiProperty({ example: '2015-02-01T00:00:00Z', description: 'Exclusive' }) @Iso() end!: string;
  @ApiPropertyOptional({
    default: false,
    description:
      'Also trigger retraining when drift is found (by the retrain policy: cool-down, one job per key)',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  retrain?: boolean;
}

export class DriftCheckQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the active version' })
  @IsOptional()
  @IsUuid()
  model_id?: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiPropertyOptional({
    example: '2015-01-01T00:00:00Z',
    description: 'Window to check; default: the newest 30 days of data',
  })
  @IsOptional()
  @Iso()
  start?: string;
  @ApiPropertyOptional({ example: '2016-01-01T00:00:00Z' }) @IsOptional() @Iso() end?: string;
  @ApiPropertyOptional({
    default: false,
    description:
      "Store the check as an evaluation (a model_performance_metrics row) and raise its alerts; without it the check changes nothing, as the predecessor's did",
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  record?: boolean;
  @ApiPropertyOptional({
    default: false,
    description: 'Record it and trigger retraining when drift is found (by the retrain policy)',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  retrain?: boolean;
}

/**
 * The predecessor's performance dict: r_squared, rmse, mae and mape as numbers (0 where unknown,
 * named in `missing`), then CV(RMSE) and NMBE, null where unknown.
 */
export class PredecessorPerformanceDto {
  @ApiProperty({ example: 0.85 }) r_squared!: number;
  @ApiProperty({ example: 3639.5 }) rmse!: number;
  @ApiProperty({ example: 2851.5 }) mae!: number;
  @ApiProperty({ example: 9.4 }) mape!: number;
  @ApiProperty({ example: 16.6, nullable: true, type: Number, description: 'Percent' }) cv_rmse!:
    | number
    | null;
  @ApiProperty({ example: -10.8, nullable: true, type: Number, description: 'Percent' }) nmbe!: number | null;
  @ApiProperty({ example: [], description: 'Figures answered as 0 because the model type has none' })
  missing!: string[];
}

export class EvaluationWindowDto {
  @ApiProperty({ example: '2015-12-01T00:00:00.000Z', type: String }) start!: Date;
  @ApiProperty({ example: '2016-01-01T00:00:00.000Z', type: String, description: 'Exclusive' }) end!: Date;
}

class DriftVerdictDto {
  @ApiProperty({ example: true }) drift_detected!: boolean;
  @ApiProperty({ example: 0.93, description: 'max over tests of r / (1 + r), r = statistic / threshold' })
  drift_score!: number;
  @ApiProperty({ enum: ['concept_drift', 'data_drift', 'no_drift'] }) drift_type!: string;
  @ApiProperty({
    example:
      'Retrain the model: the relation between drivers and energy has changed (cusum(standardised_residual)).',
  })
  recommendation!: string;
  @ApiProperty({ type: [DriftTestDto] }) tests!: DriftTestDto[];
  @ApiProperty({ format: 'uuid' }) model_id!: string;
  @ApiProperty({ example: 2 }) model_version!: number;
  @ApiProperty({
    type: TriggerResponseDto,
    nullable: true,
    description: 'The retraining the policy started (retrain=true and drift), else null',
  })
  retraining!: TriggerResponseDto | null;
}

export class DriftCheckResultDto extends DriftVerdictDto {
  @ApiProperty({ example: 0.5 }) threshold!: number;
  @ApiProperty({ type: PredecessorPerformanceDto }) current_performance!: PredecessorPerformanceDto;
  @ApiProperty({ type: PredecessorPerformanceDto, description: "The version's own validation figures" })
  baseline_performance!: PredecessorPerformanceDto;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The stored evaluation (record or retrain), else null',
  })
  metric_id!: string | null;
  @ApiProperty({ type: EvaluationWindowDto }) window!: EvaluationWindowDto;
}

export class EvaluationResultDto extends DriftVerdictDto {
  @ApiProperty({ format: 'uuid' }) metric_id!: string;
  @ApiProperty({ example: '2015-12-01T00:00:00.000Z', type: String }) evaluation_start!: Date;
  @ApiProperty({ example: '2016-01-01T00:00:00.000Z', type: String }) evaluation_end!: Date;
  @ApiProperty({ example: 744, nullable: true, type: Number }) sample_count!: number | null;
  @ApiProperty({ example: 1, nullable: true, type: Number }) data_completeness!: number | null;
  @ApiProperty({ type: FitMetricsDto, nullable: true, description: 'Every figure of the evaluation' })
  metrics!: FitMetricsDto | null;
  @ApiProperty({ example: 0.85, nullable: true, type: Number }) r_squared!: number | null;
  @ApiProperty({ example: 3639.5, nullable: true, type: Number }) rmse!: number | null;
  @ApiProperty({ example: 2851.5, nullable: true, type: Number }) mae!: number | null;
  @ApiProperty({ example: 9.4, nullable: true, type: Number }) mape!: number | null;
  @ApiProperty({ example: 16.6, nullable: true, type: Number }) cv_rmse!: number | null;
  @ApiProperty({ example: -10.8, nullable: true, type: Number }) nmbe!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Anomaly models with feedback' })
  precision_score!: number | null;
  @ApiProperty({ nullable: true, type: Number }) true_positives!: number | null;
  @ApiProperty({ nullable: true, type: Number }) false_positives!: number | null;
}
