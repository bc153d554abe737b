import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid } from '../../common/uuid';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { ANOMALY_VERDICTS, AnomalyVerdict } from '../entities/anomaly.entity';
import { Iso } from '../../common/query-decorators';

export class ListAnomaliesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() model_id?: string;
  @ApiPropertyOptional({ example: '2014-01-01T00:00:00Z' }) @IsOptional() @Iso() since?: string;
  @ApiPropertyOptional({ example: '2015-01-01T00:00:00Z' }) @IsOptional() @Iso() until?: string;
  @ApiPropertyOptional({ enum: [...ANOMALY_VERDICTS, 'none'] })
  @IsOptional()
  @IsIn([...ANOMALY_VERDICTS, 'none'])
  feedback?: AnomalyVerdict | 'none';
}

export class DetectQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;
  @ApiProperty({ example: '2015-01-01T00:00:00Z' }) @Iso() start!: string;
  @ApiProperty({ example: '2015-02-01T00:00:00Z' }) @Iso() end!: string;
}

export class FeedbackDto {
  @ApiProperty({ enum: ANOMALY_VERDICTS, example: 'true_positive' })
  @IsIn(ANOMALY_VERDICTS)
  verdict!: AnomalyVerdict;
  @ApiPropertyOptional({ example: 'compressor left running over the weekend', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  notes?: string;
  @ApiPropertyOptional({
    description:
      "A name the client claims: recorded beside the authenticated caller, as '<caller> (as <name>)'",
    example: 'energy.manager',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  by?: string;
}

export class AnomalyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ format: 'uuid', description: 'The anomaly model version that flagged it' })
  model_id!: string;
  @ApiProperty({ example: 1 }) model_version!: number;
  @ApiProperty({ example: '2015-02-07T14:00:00.000Z', type: String, description: 'Interval start (UTC)' })
  time!: Date;
  @ApiProperty({ example: '2015-02-07T14:00', description: "Interval start in the machine's timezone" })
  local_time!: string;
  @ApiProperty({ example: 412.5 }) energy_kwh!: number;
  @ApiProperty({ example: 250.1, nullable: true, type: Number }) expected_kwh!: number | null;
  @ApiProperty({ example: 4.2, description: 'Robust z-score of the residual' }) score!: number;
  @ApiProperty({ type: String }) detected_at!: Date;
  @ApiProperty({ enum: ANOMALY_VERDICTS, nullable: true }) feedback!: AnomalyVerdict | null;
  @ApiProperty({ nullable: true, type: String }) feedback_notes!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'key:energy-team' }) feedback_by!: string | null;
  @ApiProperty({ nullable: true, type: String }) feedback_at!: Date | null;
}

export class AnomalyPageDto extends PageMetaDto {
  @ApiProperty({ type: [AnomalyDto] }) items!: AnomalyDto[];
}
