/** Queries of the monitoring endpoints: evaluate a version now, check it for drift. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Iso, QueryBoolean } from '../../common/query-decorators';
import { IsUuid } from '../../common/uuid';
import { MODEL_TYPES, ModelType } from '../../models/model-type';

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
