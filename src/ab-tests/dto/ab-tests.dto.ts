import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid } from '../../common/uuid';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { FitMetricsDto } from '../../models/dto/fit-metrics.dto';
import { MODEL_TYPES, ModelType } from '../../models/model-type';
import { AB_DECISIONS, AB_TEST_STATUSES, AbDecision, AbTestStatus } from '../entities/ab-test.entity';
import { Iso } from '../../common/query-decorators';
import { CSV_FORMATS, ExportFormatParameter, type CsvFormat } from '../../common/export-format';

const Finite = () => IsNumber({ allowNaN: false, allowInfinity: false });

export class StartAbTestQuery {
  @ApiProperty({ example: 'HDD baseline vs intercept only', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  test_name!: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) @IsIn(MODEL_TYPES) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Version A (usually the active one, the champion)' })
  @IsUuid()
  model_a_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Version B (the challenger)' }) @IsUuid() model_b_id!: string;
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
    description:
      "Default: the later end of the two versions' training windows (now when neither is known), so that the test compares them on metered data neither was trained on; an earlier start compares on data already metered, leaving out intervals inside either training window",
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
  @ApiPropertyOptional({
    description:
      "A name the client claims: recorded beside the authenticated caller, as '<caller> (as <name>)'",
    example: 'energy.manager@plant.example',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  decided_by?: string;
}

export class ListAbTestsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
  @ApiPropertyOptional({ enum: AB_TEST_STATUSES })
  @IsOptional()
  @IsIn(AB_TEST_STATUSES)
  test_status?: AbTestStatus;
}

export const SERVING_ARMS = ['active', 'model_a', 'model_b'] as const;
export type ServingArm = (typeof SERVING_ARMS)[number];

export class PredictionsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
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

  @ApiPropertyOptional({
    enum: SERVING_ARMS,
    example: 'active',
    description:
      'Pick the version explicitly instead of by `key`: the active version even while an A/B test runs, or arm A or B of the running test (400 when none runs)',
  })
  @IsOptional()
  @IsIn(SERVING_ARMS)
  arm?: ServingArm;

  @ExportFormatParameter(CSV_FORMATS) format?: CsvFormat;
}

export class StartAbTestResponseDto {
  @ApiProperty({ format: 'uuid' }) test_id!: string;
  @ApiProperty({ example: 'running' }) status!: string;
  @ApiProperty() test_start!: Date;
  @ApiProperty() test_end!: Date;
  @ApiProperty({
    example:
      'A/B test started: v1 (50 %) against v2 (50 %) from 2015-01-01T00:00:00.000Z until 2016-01-01T00:00:00.000Z; 365 metered intervals outside both training windows so far',
  })
  message!: string;
  @ApiProperty({
    example: 365,
    description: 'Metered intervals of the window both versions can be compared on so far',
  })
  paired_intervals_available!: number;
  @ApiProperty({
    example: 0,
    description: "Intervals of the window inside a version's training window: never compared",
  })
  excluded_training_intervals!: number;
  @ApiProperty({
    example: {
      model_a: { start: '2013-01-01T00:00:00.000Z', end: '2015-01-01T00:00:00.000Z' },
      model_b: { start: '2013-01-01T00:00:00.000Z', end: '2015-01-01T00:00:00.000Z' },
    },
  })
  training_windows!: object;
}

/** The confidence interval of the mean absolute-error difference (kWh) at the test's level. */
export class ConfidenceIntervalDto {
  @ApiProperty({ example: 1980.2 }) low!: number;
  @ApiProperty({ example: 2563.6 }) high!: number;
}

export class AbTestResultsDto {
  @ApiProperty({ format: 'uuid' }) test_id!: string;
  @ApiProperty() test_name!: string;
  @ApiProperty({ example: 1 }) model_a_version!: number;
  @ApiProperty({ example: 2 }) model_b_version!: number;
  @ApiProperty({ enum: ['model_a', 'model_b', 'no_winner'] }) winner!: string;
  @ApiProperty({
    example: 0.9999,
    description: '1 - p-value of the primary test (Diebold-Mariano with a Newey-West long-run variance)',
  })
  confidence!: number;
  @ApiProperty({ type: FitMetricsDto, nullable: true }) model_a_metrics!: FitMetricsDto | null;
  @ApiProperty({ type: FitMetricsDto, nullable: true }) model_b_metrics!: FitMetricsDto | null;
  @ApiProperty({ example: 'Promote model_b: its errors are significantly lower (p = 1.2e-60 < 0.05).' })
  recommendation!: string;
  @ApiProperty({ example: 'running' }) status!: string;
  @ApiProperty({ example: '2016-01-01T00:00:00.000Z', nullable: true, type: Date }) test_end!: Date | null;
  @ApiProperty({ example: true, description: 'test_end has passed: the answer is final' }) ended!: boolean;
  @ApiProperty({
    enum: ['not_significant', 'needs_more_pairs', 'equal_loss', 'too_few_pairs', 'no_unseen_data'],
    nullable: true,
    description: 'Why there is no winner (null when there is one); needs_more_pairs only while the test runs',
  })
  no_winner_reason!: string | null;
  @ApiProperty({ example: 365, description: 'Paired intervals compared (outside both training windows)' })
  sample_count!: number;
  @ApiProperty({ example: 0, description: "Paired intervals left out: inside a version's training window" })
  excluded_training_intervals!: number;
  @ApiProperty({ example: 0.95, description: "The test's confidence level" }) confidence_level!: number;
  @ApiProperty({ example: 1.2e-60, nullable: true, type: Number }) p_value!: number | null;
  @ApiProperty({ example: 2271.9, nullable: true, type: Number, description: 'mean(|e_a| - |e_b|), kWh' })
  mean_abs_error_difference!: number | null;
  @ApiProperty({ type: ConfidenceIntervalDto, nullable: true })
  confidence_interval!: ConfidenceIntervalDto | null;
  @ApiProperty({
    example: {
      statistic: 10.95,
      p_value: 2.1e-24,
      df: 364,
      lags: 5,
      long_run_variance: 1.234e17,
      lag1_autocorrelation: 0.728,
      loss: 'squared',
      mean_loss_difference: 1.99e8,
    },
    nullable: true,
    description:
      'The primary test: Diebold-Mariano with a Newey-West (Bartlett, 4 (n/100)^(2/9) lags) long-run variance',
  })
  diebold_mariano_hac!: object | null;
  @ApiProperty({
    example: { dm: 21.56, hln_statistic: 21.53, p_value: 1.2e-68 },
    nullable: true,
    description:
      'Diebold-Mariano with the HLN correction at horizon 1 (assumes uncorrelated differentials): for comparison',
  })
  diebold_mariano!: object | null;
  @ApiProperty({
    example: {
      loss_differential_lag1: 0.728,
      abs_error_difference_lag1: 0.61,
      independence_band: 0.103,
      autocorrelated: true,
    },
    nullable: true,
    description:
      'Lag-1 autocorrelations of the per-interval differences; beyond ±1.96/sqrt(n) the pairs are not independent',
  })
  autocorrelation!: object | null;
  @ApiProperty({ nullable: true, type: Number }) paired_t_p_value!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the pairs are autocorrelated' })
  paired_t_caveat!: string | null;
  @ApiProperty({ nullable: true, type: Number }) wilcoxon_p_value!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the pairs are autocorrelated' })
  wilcoxon_caveat!: string | null;
  @ApiProperty({
    example: 5,
    nullable: true,
    type: Number,
    description: 'Pairs needed to detect the observed difference with 80 % power',
  })
  min_samples!: number | null;
  @ApiProperty({ example: 0, nullable: true, type: Number, description: 'null once the test has ended' })
  samples_still_needed!: number | null;
}

export class AbTestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'HDD vs intercept' }) test_name!: string;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ format: 'uuid' }) model_a_id!: string;
  @ApiProperty({ example: 1 }) model_a_version!: number;
  @ApiProperty({ format: 'uuid' }) model_b_id!: string;
  @ApiProperty({ example: 2 }) model_b_version!: number;
  @ApiProperty({ example: '2015-01-01T00:00:00.000Z', type: String }) test_start!: Date;
  @ApiProperty({ example: '2016-01-01T00:00:00.000Z', nullable: true, type: String }) test_end!: Date | null;
  @ApiProperty({ enum: AB_TEST_STATUSES, example: 'running' }) test_status!: AbTestStatus;
  @ApiProperty({ example: 0.5 }) traffic_split_a!: number;
  @ApiProperty({ example: 0.5 }) traffic_split_b!: number;
  @ApiProperty({ type: FitMetricsDto, nullable: true }) model_a_metrics!: FitMetricsDto | null;
  @ApiProperty({ type: FitMetricsDto, nullable: true }) model_b_metrics!: FitMetricsDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) winner_model_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) winner_declared_at!: Date | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.9999 }) statistical_significance!: number | null;
  @ApiProperty({ example: 0.95 }) confidence_level!: number;
  @ApiProperty({ enum: AB_DECISIONS, nullable: true }) decision!: AbDecision | null;
  @ApiProperty({ nullable: true, type: String }) decision_notes!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'key:energy-team' }) decided_by!: string | null;
  @ApiProperty({ nullable: true, type: String }) decided_at!: Date | null;
  @ApiProperty({ type: String }) created_at!: Date;
  @ApiProperty({ nullable: true, type: String, example: 'key:energy-team' }) created_by!: string | null;
}

export class AbTestPageDto extends PageMetaDto {
  @ApiProperty({ type: [AbTestDto] }) items!: AbTestDto[];
}

export class PredictionPointDto {
  @ApiProperty({ example: '2015-03-01T00:00:00.000Z', description: 'Interval start (UTC)' }) time!: string;
  @ApiProperty({ example: '2015-03-01', description: "Interval start in the machine's timezone" })
  local_time!: string;
  @ApiProperty({ example: 41250.3, nullable: true, type: Number }) expected_kwh!: number | null;
  @ApiProperty({ example: 39800, nullable: true, type: Number }) actual_kwh!: number | null;
  @ApiPropertyOptional({ description: 'Anomaly models' }) is_anomaly?: boolean;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Anomaly models' })
  anomaly_score?: number | null;
  @ApiPropertyOptional({ example: 38100.2, description: "Prophet: the prediction interval's lower bound" })
  lower_kwh?: number;
  @ApiPropertyOptional({ example: 44410.9, description: "Prophet: the prediction interval's upper bound" })
  upper_kwh?: number;
}

export class PredictionsDto {
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) model_id!: string;
  @ApiProperty({ example: 2 }) model_version!: number;
  @ApiProperty({ enum: ['active', 'model_a', 'model_b'], description: 'Which version served the caller' })
  served_by!: 'active' | 'model_a' | 'model_b';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ab_test_id!: string | null;
  @ApiProperty({
    example: null,
    nullable: true,
    type: Number,
    description: 'Coverage of lower_kwh..upper_kwh (e.g. 0.8); null when the model gives no interval',
  })
  interval_level!: number | null;
  @ApiProperty({ type: [PredictionPointDto] }) predictions!: PredictionPointDto[];
}
