import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { READING_KINDS, ReadingKind, rangeOf } from '../reading-kinds';
import { Iso } from '../../common/query-decorators';

/** Rows per JSON ingest request; larger files go through the CSV endpoint (streamed COPY). */
export const MAX_JSON_READINGS = 50_000;

/** An optional finite number within the range reading-kinds.ts gives the column of the same name. */
const MeterValue =
  (kind: ReadingKind): PropertyDecorator =>
  (target, key) => {
    const [min, max] = rangeOf(kind, String(key));
    [IsOptional(), IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max)].forEach(
      (decorator) => decorator(target, key),
    );
  };

class ReadingBase {
  @ApiProperty({
    example: '2026-11-01T00:00:00Z',
    description: 'Start of the interval the reading covers (ISO 8601 with offset)',
  })
  @Iso()
  time!: string;
}

export class EnergyReadingDto extends ReadingBase {
  @ApiPropertyOptional({ example: 'electricity', default: 'electricity' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  energy_type?: string;
  @ApiPropertyOptional({ example: 12.5 }) @MeterValue('energy') energy_kwh?: number;
  @ApiPropertyOptional({ example: 50 }) @MeterValue('energy') power_kw?: number;
  @ApiPropertyOptional({ example: 0.93 }) @MeterValue('energy') power_factor?: number;
  @ApiPropertyOptional({ example: 400 }) @MeterValue('energy') voltage_v?: number;
  @ApiPropertyOptional({ example: 72 }) @MeterValue('energy') current_a?: number;
}

export class ProductionReadingDto extends ReadingBase {
  @ApiPropertyOptional({ example: 120 }) @MeterValue('production') production_count?: number;
  @ApiPropertyOptional({ example: 480 }) @MeterValue('production') throughput_units_per_hour?: number;
  @ApiPropertyOptional({ example: 1, description: '0 light, 1 medium, 2 maximum load' })
  @MeterValue('production')
  @IsInt()
  load_level?: number;
  @ApiPropertyOptional({ example: 'medium_load' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  operating_mode?: string;
}

export class EnvironmentalReadingDto extends ReadingBase {
  @ApiPropertyOptional({ example: 7.2 }) @MeterValue('environment') outdoor_temp_c?: number;
  @ApiPropertyOptional({ example: 20.5 }) @MeterValue('environment') indoor_temp_c?: number;
  @ApiPropertyOptional({ example: 81 }) @MeterValue('environment') humidity_percent?: number;
  @ApiPropertyOptional({ example: 1.01 }) @MeterValue('environment') pressure_bar?: number;
  @ApiPropertyOptional({ example: 120 }) @MeterValue('environment') irradiance_w_m2?: number;
}

function IngestBody<T>(item: new () => T) {
  class Body {
    @ApiProperty({ type: [item], description: `1 to ${MAX_JSON_READINGS} readings` })
    @ValidateNested({ each: true })
    @Type(() => item)
    @ArrayMinSize(1)
    @ArrayMaxSize(MAX_JSON_READINGS)
    readings!: T[];
  }
  return Body;
}

export class EnergyIngestDto extends IngestBody(EnergyReadingDto) {}
export class ProductionIngestDto extends IngestBody(ProductionReadingDto) {}
export class EnvironmentalIngestDto extends IngestBody(EnvironmentalReadingDto) {}

export class IngestResultDto {
  @ApiProperty({ example: 'energy', enum: READING_KINDS }) kind!: ReadingKind;
  @ApiProperty({ example: 96 }) received!: number;
  @ApiProperty({ example: 90, description: 'New rows' }) inserted!: number;
  @ApiProperty({ example: 6, description: 'Existing rows whose values changed' }) updated!: number;
  @ApiProperty({ example: 0, description: 'Rows already stored with the same values (re-sent batch)' })
  unchanged!: number;
}

export class ReadingsQuery extends PageQuery {
  @ApiProperty({ enum: READING_KINDS, example: 'energy' })
  @IsIn(READING_KINDS)
  kind!: ReadingKind;

  @ApiProperty({ example: '2015-01-01T00:00:00Z' }) @Iso() start!: string;
  @ApiProperty({ example: '2015-02-01T00:00:00Z', description: 'Exclusive' }) @Iso() end!: string;

  @ApiPropertyOptional({
    enum: ['raw', 'hour', 'day'],
    default: 'raw',
    description: 'hour/day buckets follow the machine timezone',
  })
  @IsOptional()
  @IsIn(['raw', 'hour', 'day'])
  aggregate: 'raw' | 'hour' | 'day' = 'raw';

  @ApiPropertyOptional({ example: 'natural_gas' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  energy_type?: string;
}

export class ReadingsPageDto {
  @ApiProperty({ enum: READING_KINDS }) kind!: ReadingKind;
  @ApiProperty({ example: 'day' }) aggregate!: string;
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty({
    example: [
      {
        time: '2015-01-01T00:00:00.000Z',
        local_time: '2015-01-01T00:00',
        reading_count: 24,
        energy_kwh: 51200,
      },
    ],
  })
  items!: Record<string, unknown>[];
  @ApiProperty({ example: 31 }) total!: number;
  @ApiProperty({ example: 50 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
}
