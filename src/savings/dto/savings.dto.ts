import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsUuid } from '../../common/uuid';
import { Iso, QueryBoolean } from '../../common/query-decorators';
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

  @ApiPropertyOptional({
    example: 0.18,
    minimum: 0,
    description:
      "A flat energy price per kWh for the report's costs; it takes the place of the EnMS tariffs of the machine's factory (energy_tariffs). Required with currency.",
  })
  @ValidateIf((query: SavingsQuery) => query.price_per_kwh !== undefined || query.currency !== undefined)
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  price_per_kwh?: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code of price_per_kwh; default EUR' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      "Also the savings normalised to the baseline period's conditions: the baseline's CalTRACK model fitted again on the reporting period, both models predicting the baseline period (IPMVP fixed conditions)",
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  normalized: boolean = false;

  @ExportFormatParameter(SAVINGS_FORMATS)
  format?: (typeof SAVINGS_FORMATS)[number];
}
