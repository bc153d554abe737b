import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsUuid } from '../../common/uuid';
import { Iso } from '../../common/query-decorators';
import { ExportFormatParameter, type ExportFormat } from '../../common/export-format';

export const SAVINGS_FORMATS = ['json', 'csv', 'pdf'] as const satisfies readonly ExportFormat[];

export class SavingsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() machine_id!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The baseline version; default: the machine's active baseline",
  })
  @IsOptional()
  @IsUuid()
  model_id?: string;

  @ApiPropertyOptional({
    example: '2014-01-01T00:00:00Z',
    description: "Baseline period, for the savings uncertainty; default: the version's training window",
  })
  @IsOptional()
  @Iso()
  baseline_start?: string;

  @ApiPropertyOptional({ example: '2015-01-01T00:00:00Z', description: 'Exclusive' })
  @IsOptional()
  @Iso()
  baseline_end?: string;

  @ApiProperty({ example: '2015-01-01T00:00:00Z' }) @Iso() reporting_start!: string;

  @ApiPropertyOptional({
    example: '2016-01-01T00:00:00Z',
    description: 'Exclusive; default: the end of the metered data',
  })
  @IsOptional()
  @Iso()
  reporting_end?: string;

  @ApiPropertyOptional({
    default: 0.9,
    minimum: 0.5,
    maximum: 0.999,
    description: 'Two-sided confidence of the uncertainty band',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.5)
  @Max(0.999)
  confidence_level: number = 0.9;

  @ExportFormatParameter(SAVINGS_FORMATS)
  format?: (typeof SAVINGS_FORMATS)[number];
}
