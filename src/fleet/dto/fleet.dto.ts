import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { MODEL_TYPES, type ModelType } from '../../models/model-type';
import { Guideline14Dto } from '../../models/dto/fit-metrics.dto';

export class FleetQuery extends PageQuery {}

class FleetMachineDto {
  @ApiProperty({ format: 'uuid', example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' }) id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) name!: string;
  @ApiProperty({ example: 'boiler' }) type!: string;
}

class FleetVersionDto {
  @ApiProperty({ format: 'uuid', example: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' }) id!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 'caltrack_daily' }) algorithm!: string;
  @ApiProperty({ example: '2026-11-30T08:12:00.000Z', description: 'When the version was trained' })
  trained_at!: Date;
  @ApiProperty({ example: '2026-11-30T08:12:01.000Z', nullable: true, type: Date })
  activated_at!: Date | null;
}

class FleetHeadlineDto {
  @ApiProperty({ enum: ['cv_rmse', 'mape', 'f1_score'], example: 'cv_rmse' }) metric!:
    | 'cv_rmse'
    | 'mape'
    | 'f1_score';
  @ApiProperty({ example: 11.4, nullable: true, type: Number }) value!: number | null;
}

class FleetEvaluationDto {
  @ApiProperty({ example: '2026-12-01T06:00:00.000Z' }) evaluated_at!: Date;
  @ApiProperty({ example: { start: '2015-11-01T00:00:00.000Z', end: '2015-12-01T00:00:00.000Z' } })
  window!: { start: Date; end: Date };
  @ApiProperty({ example: 3 }) model_version!: number;
  @ApiProperty({ enum: ['training_holdout', 'evaluation', 'external'], example: 'evaluation' })
  source!: string;
  @ApiProperty({ example: 0.91, nullable: true, type: Number }) r_squared!: number | null;
  @ApiProperty({ example: 11.4, nullable: true, type: Number }) cv_rmse_pct!: number | null;
  @ApiProperty({ example: -0.8, nullable: true, type: Number }) nmbe_pct!: number | null;
  @ApiProperty({ example: null, nullable: true, type: Number }) mape_pct!: number | null;
  @ApiProperty({ example: null, nullable: true, type: Number }) f1_score!: number | null;
  @ApiProperty({
    type: FleetHeadlineDto,
    description: "The model type's headline figure: cv_rmse (baseline), mape (forecasts), f1_score (anomaly)",
  })
  headline!: FleetHeadlineDto;
}

class FleetDriftDto {
  @ApiProperty({ example: '2026-12-01T06:00:00.000Z' }) checked_at!: Date;
  @ApiProperty({ example: false }) drift_detected!: boolean;
  @ApiProperty({ example: 0.42, nullable: true, type: Number }) drift_score!: number | null;
  @ApiProperty({ example: 'no_drift', nullable: true, type: String }) drift_type!: string | null;
}

export class FleetEntryDto {
  @ApiProperty({ type: FleetMachineDto }) machine!: FleetMachineDto;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) model_type!: ModelType;
  @ApiProperty({
    example: '2015-12-31T23:00:00.000Z',
    nullable: true,
    type: Date,
    description: "The machine's last energy reading",
  })
  data_last!: Date | null;
  @ApiProperty({ type: FleetVersionDto, nullable: true, description: 'null: no active version' })
  active_version!: FleetVersionDto | null;
  @ApiProperty({
    type: Guideline14Dto,
    nullable: true,
    description: "The active version's Guideline 14 verdict on its validation data (baselines)",
  })
  guideline14!: Guideline14Dto | null;
  @ApiProperty({
    type: FleetEvaluationDto,
    nullable: true,
    description: 'The newest metrics row of the machine and model type (evaluation or training hold-out)',
  })
  last_evaluation!: FleetEvaluationDto | null;
  @ApiProperty({
    type: FleetDriftDto,
    nullable: true,
    description: 'The newest stored drift verdict (evaluations store one; a read-only /drift/check does not)',
  })
  drift!: FleetDriftDto | null;
  @ApiProperty({ example: 1, description: 'Unresolved alerts of the machine and model type' })
  open_alerts!: number;
}

export class FleetPageDto extends PageMetaDto {
  @ApiProperty({ type: [FleetEntryDto] }) items!: FleetEntryDto[];
}
