import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { MODEL_TYPES, ModelType } from '../../database/columns';
import { AB_DECISIONS, AB_TEST_STATUSES, AbDecision, AbTestStatus } from '../entities/ab-test.entity';

const Iso = () => IsISO8601({ strict: true, strictSeparator: true });
const Finite = () => IsNumber({ allowNaN: false, allowInfinity: false });

export class StartAbTestQuery {
  @ApiProperty({ example: 'HDD baseline vs intercept only', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  test_name!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) @IsUUID() machine_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Version A (usually the active one, the champion)' })
  @IsUUID()
  model_a_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Version B (the challenger)' }) @IsUUID() model_b_id!: string;
  @ApiPropertyOptional({ default: 24, minimum: 1, maximum: 26280 })
  @IsOptional()
  @Type(() => Number)
  @Finite()
  @Min(1)
  @Max(26280)
  duration_hours: number = 24;
  @ApiPropertyOptional({ default: 0.5, minimum: 0, maximum: 1, description: 'Share of callers served by A' })
  @IsOptional()
  @Type(() => Number)
  @Finite()
  @Min(0)
  @Max(1)
  traffic_split_a?: number;
  @ApiPropertyOptional({
    default: 0.5,
    minimum: 0,
    maximum: 1,
    description: 'Must make traffic_split_a + traffic_split_b = 1',
  })
  @IsOptional()
  @Type(() => Number)
  @Finite()
  @Min(0)
  @Max(1)
  traffic_split_b?: number;
  @ApiPropertyOptional({ default: 0.95, minimum: 0.5, maximum: 0.999 })
  @IsOptional()
  @Type(() => Number)
  @Finite()
  @Min(0.5)
  @Max(0.999)
  confidence_level: number = 0.95;
  @ApiPropertyOptional({
    example: '2015-01-01T00:00:00Z',
    description: 'Default now; an earlier start compares the versions on data already metered',
  })
  @IsOptional()
  @Iso()
  test_start?: string;
}

export class ConcludeAbTestDto {
  @ApiProperty({ enum: AB_DECISIONS, example: 'promote_b' }) @IsIn(AB_DECISIONS) decision!: AbDecision;
  @ApiPropertyOptional({ example: 'B is better with p < 0.001 over 365 days', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  notes?: string;
  @ApiPropertyOptional({ example: 'energy.manager@plant.example', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  decided_by?: string;
}

export class ListAbTestsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
  @ApiPropertyOptional({ enum: AB_TEST_STATUSES })
  @IsOptional()
  @IsIn(AB_TEST_STATUSES)
  test_status?: AbTestStatus;
}

export class PredictionsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() machine_id!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ example: '2015-03-01T00:00:00Z' }) @Iso() start!: string;
  @ApiProperty({ example: '2015-03-08T00:00:00Z' }) @Iso() end!: string;
  @ApiPropertyOptional({
    example: 'report-service',
    description:
      'Stable key of the caller: the same key is always served by the same arm of a running A/B test',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;
}

export class StartAbTestResponseDto {
  @ApiProperty({ format: 'uuid' }) test_id!: string;
  @ApiProperty({ example: 'running' }) status!: string;
  @ApiProperty() test_start!: Date;
  @ApiProperty() test_end!: Date;
  @ApiProperty({ example: 'A/B test started: v1 (50 %) against v2 (50 %) until 2016-01-01T00:00:00.000Z' })
  message!: string;
}

export class AbTestResultsDto {
  @ApiProperty({ format: 'uuid' }) test_id!: string;
  @ApiProperty() test_name!: string;
  @ApiProperty({ example: 1 }) model_a_version!: number;
  @ApiProperty({ example: 2 }) model_b_version!: number;
  @ApiProperty({ enum: ['model_a', 'model_b', 'no_winner'] }) winner!: string;
  @ApiProperty({
    example: 0.9999,
    description:
      '1 - p-value of the primary test (Diebold-Mariano with the Harvey-Leybourne-Newbold correction)',
  })
  confidence!: number;
  @ApiProperty({ example: { mae: 5123.4, rmse: 6400.1, mape: 18.2, cv_rmse_pct: 21.0 }, nullable: true })
  model_a_metrics!: object | null;
  @ApiProperty({ example: { mae: 2851.5, rmse: 3639.5, mape: 9.4, cv_rmse_pct: 10.4 }, nullable: true })
  model_b_metrics!: object | null;
  @ApiProperty({ example: 'Promote model_b: its errors are significantly lower (p = 1.2e-60 < 0.05).' })
  recommendation!: string;
  @ApiProperty({ example: 365 }) sample_count!: number;
  @ApiProperty({ example: 1.2e-60, nullable: true, type: Number }) p_value!: number | null;
  @ApiProperty({ example: 2271.9, nullable: true, type: Number, description: 'mean(|e_a| - |e_b|), kWh' })
  mean_abs_error_difference!: number | null;
  @ApiProperty({ example: { low: 1980.2, high: 2563.6 }, nullable: true }) confidence_interval!:
    | object
    | null;
  @ApiProperty({ example: { dm: 18.2, hln_statistic: 18.1, p_value: 1.2e-60 }, nullable: true })
  diebold_mariano!: object | null;
  @ApiProperty({ nullable: true, type: Number }) paired_t_p_value!: number | null;
  @ApiProperty({ nullable: true, type: Number }) wilcoxon_p_value!: number | null;
  @ApiProperty({
    example: 5,
    nullable: true,
    type: Number,
    description: 'Pairs needed to detect the observed difference with 80 % power',
  })
  min_samples!: number | null;
  @ApiProperty({ example: 0, nullable: true, type: Number }) samples_still_needed!: number | null;
}
