import { applyDecorators } from '@nestjs/common';
import { IsUuid } from '../../common/uuid';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { MODEL_TYPES, ModelType } from '../../models/model-type';
import { BASELINE_ALGORITHMS, type BaselineAlgorithm } from '../../models/algorithms/baseline';
import {
  TRAINING_STATUSES,
  TRIGGER_TYPES,
  TrainingStatus,
  TriggerType,
} from '../entities/training-job.entity';
import { FitMetricsDto } from '../../models/dto/fit-metrics.dto';

const BOUND = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const BOUND_MESSAGE = 'must be a date (YYYY-MM-DD, whole local day) or an ISO 8601 instant with offset';
/** The shape by BOUND, the calendar (no 30 February, no hour 25) by the ISO 8601 check. */
const Bound = () =>
  applyDecorators(
    Matches(BOUND, { message: BOUND_MESSAGE }),
    IsISO8601({ strict: true, strictSeparator: true }, { message: BOUND_MESSAGE }),
  );
/** A nested options object: an array or a string in its place is refused, not validated element-wise. */
const NestedObject = (type: () => new () => object) =>
  applyDecorators(IsObject(), ValidateNested(), Type(type));
const FEATURE =
  /^((hdd|cdd)_\d{1,2}(_\d)?|weekend|production_count|throughput|operating_hours|load_level|hour_of_day|day_of_week|(production_count|throughput|operating_hours|load_level)_above_\d{1,9}(_\d{1,2})?)$/;

export class TriggerQuery {
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' })
  @IsIn(MODEL_TYPES)
  model_type!: ModelType;

  @ApiProperty({ format: 'uuid', example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' })
  @IsUuid()
  machine_id!: string;

  @ApiPropertyOptional({ enum: TRIGGER_TYPES, default: 'manual' })
  @IsOptional()
  @IsIn(TRIGGER_TYPES)
  trigger_type: TriggerType = 'manual';

  @ApiPropertyOptional({ example: 'new production line commissioned', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ArimaOptionsDto {
  @ApiPropertyOptional({ example: 3 }) @IsOptional() @IsInt() @Min(0) @Max(5) max_p?: number;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsInt() @Min(0) @Max(2) max_d?: number;
  @ApiPropertyOptional({ example: 3 }) @IsOptional() @IsInt() @Min(0) @Max(5) max_q?: number;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() seasonal?: boolean;
  @ApiPropertyOptional({ example: 24 }) @IsOptional() @IsInt() @Min(2) @Max(168) season?: number;
}

export class ProphetOptionsDto {
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() daily_seasonality?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() weekly_seasonality?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() yearly_seasonality?: boolean;
  @ApiPropertyOptional({ example: 0.8 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(0.99)
  interval_width?: number;
}

/** A pinned model spec; anything left out is chosen from the machine's data. */
export class PinnedSpecDto {
  @ApiPropertyOptional({ enum: ['hour', 'day'], example: 'day' })
  @IsOptional()
  @IsIn(['hour', 'day'])
  interval?: 'hour' | 'day';

  @ApiPropertyOptional({
    enum: BASELINE_ALGORITHMS,
    example: 'caltrack_daily',
    description:
      'Baselines only: ols (least squares on the drivers), caltrack_daily (CalTRACK 2.0 daily, balance-point search) or caltrack_hourly (CalTRACK 2.0 time of week and temperature). Unpinned, the one that scores best on every fifth week of the training data is chosen.',
  })
  @IsOptional()
  @IsIn(BASELINE_ALGORITHMS)
  algorithm?: BaselineAlgorithm;

  @ApiPropertyOptional({
    example: ['hdd_15_5'],
    description:
      'Baseline drivers: hdd_<base>, cdd_<base> (e.g. hdd_15_5 = base 15.5 °C), weekend, production_count, throughput, operating_hours, load_level, hour_of_day, day_of_week, and change points <driver>_above_<c> (load_level_above_1_25 = max(load_level - 1.25, 0))',
  })
  @IsOptional()
  @ArrayMinSize(0)
  @ArrayMaxSize(12)
  @Matches(FEATURE, { each: true, message: 'each feature must be a known driver name' })
  features?: string[];

  @ApiPropertyOptional({ example: 'natural_gas' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  energy_type?: string;
  @ApiPropertyOptional({ example: '2013-01-01' })
  @IsOptional()
  @Bound()
  training_start?: string;
  @ApiPropertyOptional({ example: '2014-12-31' })
  @IsOptional()
  @Bound()
  training_end?: string;
  @ApiPropertyOptional({ example: '2015-01-01' })
  @IsOptional()
  @Bound()
  validation_start?: string;
  @ApiPropertyOptional({ example: '2015-12-31' })
  @IsOptional()
  @Bound()
  validation_end?: string;

  @ApiPropertyOptional({
    example: 0.2,
    description: 'Newest share of the training window held out when no validation window is given',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.05)
  @Max(0.5)
  holdout_fraction?: number;

  @ApiPropertyOptional({ example: 4.5, description: 'Anomaly: robust z above which an interval is flagged' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(2)
  @Max(20)
  z_limit?: number;

  @ApiPropertyOptional({ example: 168, description: 'Forecasts: intervals ahead (validation holdout size)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  horizon?: number;

  @ApiPropertyOptional({ type: ArimaOptionsDto })
  @IsOptional()
  @NestedObject(() => ArimaOptionsDto)
  arima?: ArimaOptionsDto;
  @ApiPropertyOptional({ type: ProphetOptionsDto })
  @IsOptional()
  @NestedObject(() => ProphetOptionsDto)
  prophet?: ProphetOptionsDto;
}

export class TriggerBody {
  @ApiPropertyOptional({ type: PinnedSpecDto })
  @IsOptional()
  @NestedObject(() => PinnedSpecDto)
  hyperparameters?: PinnedSpecDto;
}

export class TriggerResponseDto {
  @ApiProperty({ example: true }) triggered!: boolean;
  @ApiProperty({ enum: TRIGGER_TYPES, example: 'manual' }) trigger_type!: TriggerType;
  @ApiProperty({ example: 'manual retraining' }) reason!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  })
  training_job_id!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-11-27T08:00:03.000Z',
    description: 'now + median duration of recent jobs of this model type',
  })
  estimated_completion!: string | null;
}

export class ListJobsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
  @ApiPropertyOptional({ enum: TRAINING_STATUSES })
  @IsOptional()
  @IsIn(TRAINING_STATUSES)
  training_status?: TrainingStatus;
  @ApiPropertyOptional({ enum: TRIGGER_TYPES }) @IsOptional() @IsIn(TRIGGER_TYPES) trigger_type?: TriggerType;
}

export class EventsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
}

export class TrainingJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The version this job produced' })
  model_id!: string | null;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ nullable: true, type: Number, example: 2 }) model_version!: number | null;
  @ApiProperty({ enum: TRAINING_STATUSES, example: 'completed' }) training_status!: TrainingStatus;
  @ApiProperty({ enum: TRIGGER_TYPES }) trigger_type!: TriggerType;
  @ApiProperty({ nullable: true, type: String, example: 'api' }) triggered_by!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ example: 100 }) progress!: number;
  @ApiProperty({ example: 1 }) attempt!: number;
  @ApiProperty({
    type: String,
    description: 'Queued at until a worker claims the job, then when it started (the predecessor column)',
  })
  training_start!: Date;
  @ApiProperty({ nullable: true, type: String, description: 'When it finished' }) training_end!: Date | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.8 }) training_duration_seconds!: number | null;
  @ApiProperty({ nullable: true, type: Object, example: { interval: 'day', features: ['hdd_15_5'] } })
  hyperparameters!: object | null;
  @ApiProperty({ nullable: true, type: FitMetricsDto }) training_metrics!: FitMetricsDto | null;
  @ApiProperty({ nullable: true, type: FitMetricsDto }) validation_metrics!: FitMetricsDto | null;
  @ApiProperty({ nullable: true, type: String }) error_message!: string | null;
  @ApiProperty() created_at!: Date;
}

export class TrainingJobPageDto extends PageMetaDto {
  @ApiProperty({ type: [TrainingJobDto] }) items!: TrainingJobDto[];
}
