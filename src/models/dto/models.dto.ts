import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid } from '../../common/uuid';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { MODEL_TYPES, ModelType } from '../model-type';
import { CSV_FORMATS, ExportFormatParameter, type CsvFormat } from '../../common/export-format';
import { FitMetricsDto } from './fit-metrics.dto';

export class ModelKeyQuery {
  @ApiProperty({ format: 'uuid', example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' })
  @IsUuid()
  machine_id!: string;

  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' })
  @IsIn(MODEL_TYPES)
  model_type!: ModelType;
}

export class ListVersionsQuery extends PageQuery {
  @ApiProperty({ format: 'uuid', example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' })
  @IsUuid()
  machine_id!: string;

  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' })
  @IsIn(MODEL_TYPES)
  model_type!: ModelType;

  @ExportFormatParameter(CSV_FORMATS) format?: CsvFormat;
}

export class ActivateVersionDto {
  @ApiPropertyOptional({ example: 'rollback: v3 over-predicts since the new boiler', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ModelVersionDto {
  @ApiProperty({
    example: '0d7f2c4e-9a7b-4f0e-8b7e-3c2d1e0f9a8b',
    description: 'The model_id used everywhere',
  })
  id!: string;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ enum: MODEL_TYPES }) model_type!: ModelType;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 'ols' }) algorithm!: string;
  @ApiProperty({ enum: ['active', 'candidate', 'archived'], example: 'active' }) status!: string;
  @ApiProperty({ example: { intercept: 16873.2, coefficients: [3154.6], feature_names: ['hdd_15_5'] } })
  parameters!: object;
  @ApiProperty({ example: { interval: 'day', features: ['hdd_15_5'] } }) hyperparameters!: object;
  @ApiProperty({ example: ['hdd_15_5'] }) feature_names!: string[];
  @ApiProperty({ example: '2013-01-01T00:00:00.000Z', nullable: true, type: String })
  training_data_start!: Date | null;
  @ApiProperty({ example: '2015-01-01T00:00:00.000Z', nullable: true, type: String })
  training_data_end!: Date | null;
  @ApiProperty({ example: 730, nullable: true, type: Number }) training_samples!: number | null;
  @ApiProperty({ type: FitMetricsDto, nullable: true }) training_metrics!: FitMetricsDto | null;
  @ApiProperty({ type: FitMetricsDto, nullable: true, description: 'On the holdout' })
  validation_metrics!: FitMetricsDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) training_job_id!: string | null;
  @ApiProperty() created_at!: Date;
  @ApiProperty({ nullable: true, type: String }) activated_at!: Date | null;
}

export class ModelVersionPageDto extends PageMetaDto {
  @ApiProperty({ type: [ModelVersionDto] }) items!: ModelVersionDto[];
}

export class ActivationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) model_id!: string;
  @ApiProperty({ example: 2 }) model_version!: number;
  @ApiProperty() activated_at!: Date;
  @ApiProperty({ nullable: true, type: String }) deactivated_at!: Date | null;
  @ApiProperty({ example: 'training', nullable: true, type: String }) activated_by!: string | null;
  @ApiProperty({ example: 'first version', nullable: true, type: String }) reason!: string | null;
}
