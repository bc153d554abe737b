import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination';
import { IsUuid } from '../../common/uuid';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PredecessorDateTime } from '../../common/predecessor-contract';
import { MODEL_TYPES, ModelType } from '../../models/model-type';
import { CSV_FORMATS, ExportFormatParameter, type CsvFormat } from '../../common/export-format';

export class RecordMetricsQuery {
  @ApiProperty({ format: 'uuid', description: 'The model version (model_id of the registry)' })
  @IsUuid()
  model_id!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiProperty({
    example: '2015-01-01T00:00:00Z',
    description: 'Also "2015-01-01 00:00:00" (UTC), as the predecessor took it',
  })
  @PredecessorDateTime()
  evaluation_start!: string;
  @ApiProperty({ example: '2015-02-01T00:00:00Z' }) @PredecessorDateTime() evaluation_end!: string;
}

export class TrendQuery {
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiPropertyOptional({
    default: 30,
    minimum: 1,
    maximum: 3650,
    description: 'Evaluations recorded in the last N days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  days: number = 30;

  @ExportFormatParameter(CSV_FORMATS) format?: CsvFormat;
}

/** The newest `limit` checks (PageQuery's limit, without an offset). */
export class DriftChecksQuery extends PickType(PageQuery, ['limit'] as const) {
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;

  @ExportFormatParameter(CSV_FORMATS) format?: CsvFormat;
}

export class DriftTestDto {
  @ApiProperty({ example: 'cusum' }) name!: string;
  @ApiProperty({
    enum: ['performance', 'data', 'concept', 'season'],
    description:
      'season: a seasonal driver unusual for the season (same calendar months of training); context, never drift by itself',
  })
  kind!: string;
  @ApiProperty({ example: 'standardised_residual' }) feature!: string;
  @ApiProperty({ example: 12.4, nullable: true, type: Number }) statistic!: number | null;
  @ApiProperty({ example: 5 }) threshold!: number;
  @ApiProperty({ example: null, nullable: true, type: Number }) p_value!: number | null;
  @ApiProperty({ example: true, description: 'verdict: true = this test finds drift' }) drift!: boolean;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { reference: 'training_window' },
    description: "The test's own figures (e.g. the reference it compared with)",
  })
  detail?: Record<string, unknown>;
}

export class RecordMetricsResponseDto {
  @ApiProperty({ format: 'uuid' }) metric_id!: string;
  @ApiProperty({ example: false }) drift_detected!: boolean;
  @ApiProperty({ example: 0.31 }) drift_score!: number;
  @ApiProperty({ example: 'No action needed: the model still describes the metered energy.' })
  recommendation!: string;
  @ApiProperty({ enum: ['concept_drift', 'data_drift', 'no_drift'] }) drift_type!: string;
  @ApiProperty({ example: 744 }) sample_count!: number;
  @ApiProperty({ example: 1 }) data_completeness!: number;
  @ApiProperty({ type: [DriftTestDto] }) tests!: DriftTestDto[];
}

export class TrendPointDto {
  @ApiProperty({ format: 'uuid', description: "The metrics row (the predecessor's id)" }) id!: string;
  @ApiProperty({ format: 'uuid' }) model_id!: string;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: string;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Same as id' }) metric_id!: string;
  @ApiProperty({ nullable: true, type: Number, example: 1 }) data_completeness!: number | null;
  @ApiProperty() evaluation_date!: Date;
  @ApiProperty() evaluation_start!: Date;
  @ApiProperty() evaluation_end!: Date;
  @ApiProperty({ nullable: true, type: Number, example: 2 }) model_version!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.91 }) r_squared!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rmse!: number | null;
  @ApiProperty({ nullable: true, type: Number }) mae!: number | null;
  @ApiProperty({ nullable: true, type: Number }) mape!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 12.5 }) cv_rmse!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: -3.1 }) nmbe!: number | null;
  @ApiProperty({ nullable: true, type: Number }) sample_count!: number | null;
  @ApiProperty() drift_detected!: boolean;
  @ApiProperty({ nullable: true, type: Number }) drift_score!: number | null;
  @ApiProperty({ example: 'evaluation' }) source!: string;
}

export class TrendResponseDto {
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) machine_name!: string;
  @ApiProperty({ type: [TrendPointDto] }) metrics!: TrendPointDto[];
  @ApiProperty({ enum: ['improving', 'stable', 'degrading'] }) trend_direction!: string;
  @ApiProperty({
    example: -0.0125,
    description:
      "The predecessor's figure: slope of R² per evaluation x 100 / whole days between the first and last evaluation date; negative = R² falling",
  })
  degradation_rate!: number;
  @ApiProperty({
    example: 0.42,
    description:
      "This service's figure (it decides trend_direction): least-squares slope of R² (or CV(RMSE)) per day of metered time, in % of the mean level; positive = getting worse",
  })
  degradation_rate_pct_per_day!: number;
  @ApiProperty({ enum: ['r_squared', 'cv_rmse'], nullable: true, type: String }) trend_basis!: string | null;
}

export class DriftCheckDto {
  @ApiProperty({ format: 'uuid', description: 'The metrics row that stored the check' }) metric_id!: string;
  @ApiProperty({ format: 'uuid' }) model_id!: string;
  @ApiProperty({ example: 2 }) model_version!: number;
  @ApiProperty({ description: 'When the check ran (evaluation_date)' }) checked_at!: Date;
  @ApiProperty({ example: '2015-03-01T00:00:00.000Z' }) window_start!: Date;
  @ApiProperty({ example: '2015-04-01T00:00:00.000Z' }) window_end!: Date;
  @ApiProperty({ example: true }) drift_detected!: boolean;
  @ApiProperty({ example: 0.93, nullable: true, type: Number }) drift_score!: number | null;
  @ApiProperty({ example: 0.5, nullable: true, type: Number }) drift_threshold!: number | null;
  @ApiProperty({ enum: ['concept_drift', 'data_drift', 'no_drift'], nullable: true, type: String })
  drift_type!: string | null;
  @ApiProperty({ example: 'Retrain the model: …', nullable: true, type: String })
  recommendation!: string | null;
  @ApiProperty({ example: 'scheduler', nullable: true, type: String }) created_by!: string | null;
  @ApiProperty({ type: [DriftTestDto] }) tests!: DriftTestDto[];
}

export class DriftChecksResponseDto {
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) machine_name!: string;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ type: [DriftCheckDto] }) items!: DriftCheckDto[];
}
