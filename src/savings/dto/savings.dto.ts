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
import { FitMetricsDto } from '../../models/dto/fit-metrics.dto';

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

export class SavingsTotalsDto {
  @ApiProperty({ example: 12405530.28, description: "The baseline's prediction (kWh)" })
  counterfactual_kwh!: number;
  @ApiProperty({ example: 11185500 }) metered_kwh!: number;
  @ApiProperty({ example: 1220030.28, description: 'counterfactual - metered (kWh)' }) avoided_kwh!: number;
  @ApiProperty({ example: 9.83, nullable: true, type: Number, description: '% of the counterfactual' })
  avoided_pct!: number | null;
  @ApiProperty({ example: 365, description: 'Intervals with both values' }) intervals!: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'With a price or tariff' })
  counterfactual_cost?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) metered_cost?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) avoided_cost?: number | null;
}

export class SavingsMonthDto extends SavingsTotalsDto {
  @ApiProperty({ example: '2015-01', description: "Calendar month of the machine's timezone" })
  month!: string;
}

export class SavingsPeriodDto {
  @ApiProperty({ example: '2015-01-01T00:00:00.000Z', type: String }) start!: Date;
  @ApiProperty({ example: '2016-01-01T00:00:00.000Z', type: String }) end!: Date;
}

export class SavingsUncertaintyDto {
  @ApiProperty({ example: 0.9 }) confidence_level!: number;
  @ApiProperty({
    example: 'ASHRAE Guideline 14-2014 Annex B on daily data, with eemeter 2.10.11 FSU polynomial',
  })
  method!: string;
  @ApiProperty({ nullable: true, type: Number, description: '± kWh at confidence_level' })
  fsu_band_kwh!: number | null;
  @ApiProperty({ nullable: true, type: Number }) fsu_pct_of_savings!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why there is no band (null when there is)' })
  reason!: string | null;
  @ApiPropertyOptional({ type: SavingsPeriodDto }) baseline_period?: SavingsPeriodDto;
  @ApiPropertyOptional() savings_low_kwh?: number;
  @ApiPropertyOptional() savings_high_kwh?: number;
}

export class SavingsCostDto {
  @ApiProperty({ enum: ['request', 'energy_tariffs'] }) source!: 'request' | 'energy_tariffs';
  @ApiProperty({ example: ['Gas 2015'] }) tariffs!: string[];
  @ApiProperty({ example: 'EUR', nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ example: 0, description: 'Intervals no tariff covers' }) unpriced_intervals!: number;
  @ApiProperty({ example: 0, description: 'Metered kWh of those intervals' }) unpriced_metered_kwh!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why there are no costs although tariffs exist' })
  reason!: string | null;
}

export class NormalizedSavingsDto {
  @ApiProperty() available!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why not available' }) reason!: string | null;
  @ApiPropertyOptional({ example: 'the baseline period' }) conditions?: string;
  @ApiPropertyOptional({ type: SavingsPeriodDto }) period?: SavingsPeriodDto;
  @ApiPropertyOptional() baseline_model_kwh?: number;
  @ApiPropertyOptional() reporting_model_kwh?: number;
  @ApiPropertyOptional() normalized_savings_kwh?: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) normalized_savings_pct?: number | null;
  @ApiPropertyOptional({ example: 365 }) intervals?: number;
  @ApiPropertyOptional({ type: FitMetricsDto, description: 'The refit on the reporting period' })
  reporting_model_fit?: FitMetricsDto;
}

export class SavingsReportDto {
  @ApiProperty({ format: 'uuid' }) machine_id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) machine_name!: string;
  @ApiProperty({ example: 'Europe/London' }) timezone!: string;
  @ApiProperty({ format: 'uuid', description: 'The baseline version' }) model_id!: string;
  @ApiProperty({ example: 3 }) model_version!: number;
  @ApiProperty({ example: 'caltrack_daily' }) algorithm!: string;
  @ApiProperty({ example: 'CalTRACK 2.0 daily (balance-point HDD/CDD model, as eemeter 2.10.11)' })
  method!: string;
  @ApiProperty({ example: 'natural_gas', nullable: true, type: String }) energy_type!: string | null;
  @ApiProperty({ type: SavingsPeriodDto }) reporting_period!: SavingsPeriodDto;
  @ApiProperty({ type: SavingsTotalsDto }) totals!: SavingsTotalsDto;
  @ApiProperty({ type: [SavingsMonthDto] }) monthly!: SavingsMonthDto[];
  @ApiProperty({ type: SavingsUncertaintyDto }) uncertainty!: SavingsUncertaintyDto;
  @ApiProperty({ type: SavingsCostDto, nullable: true, description: 'null without a price or tariff' })
  cost!: SavingsCostDto | null;
  @ApiPropertyOptional({ type: NormalizedSavingsDto, description: 'With normalized=true' })
  normalized?: NormalizedSavingsDto;
}
