import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid } from '../../common/uuid';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';

/** Accepts only IANA zone names the runtime knows (Intl), e.g. Europe/Berlin or UTC. */
@ValidatorConstraint({ name: 'ianaTimezone' })
export class IanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length > 64) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timezone must be an IANA timezone name such as Europe/Berlin or UTC';
  }
}

export class CreateMachineDto {
  @ApiProperty({ example: 'Compressor 3', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    example: 'compressor',
    default: 'generic',
    maxLength: 100,
    description:
      'On an EnMS database one of its machine_type labels (compressor, hvac, motor, pump, injection_molding, conveyor, boiler, other), and required there',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({
    example: '11111111-1111-1111-1111-111111111111',
    description:
      'The EnMS factory the machine belongs to (required on an EnMS database, whose machines need one)',
  })
  @IsOptional()
  @IsUuid()
  factory_id?: string;

  @ApiPropertyOptional({
    example: 55,
    description: 'Rated power in kW (required on an EnMS database)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e8)
  rated_power_kw?: number;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    default: 'UTC',
    description: "IANA timezone: daily aggregates use it (on an EnMS database: default the factory's)",
  })
  @IsOptional()
  @Validate(IanaTimezone)
  timezone?: string;

  @ApiPropertyOptional({ example: 900, default: 900, description: 'Seconds between meter readings' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  data_interval_seconds?: number;

  @ApiPropertyOptional({ example: 'Hall B' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  location?: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ example: { meter_id: 'M-17' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class ListMachinesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'boiler' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  is_active?: boolean;
}

export class KindSummaryDto {
  @ApiProperty({ example: 26280 }) count!: number;
  @ApiProperty({ example: '2013-01-01T00:00:00.000Z', nullable: true, type: String }) first!: Date | null;
  @ApiProperty({ example: '2015-12-31T23:00:00.000Z', nullable: true, type: String }) last!: Date | null;
}

export class DataSummaryDto {
  @ApiProperty({ type: KindSummaryDto }) energy!: KindSummaryDto;
  @ApiProperty({ type: KindSummaryDto }) production!: KindSummaryDto;
  @ApiProperty({ type: KindSummaryDto }) environment!: KindSummaryDto;
  @ApiProperty({ example: ['natural_gas'] }) energy_types!: string[];
}

export class MachineDto {
  @ApiProperty({ example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' }) id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) name!: string;
  @ApiProperty({ example: 'boiler' }) type!: string;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ example: 3600 }) data_interval_seconds!: number;
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty({ example: 'Cambridge', nullable: true, type: String }) location!: string | null;
  @ApiProperty({ example: { source: 'Cambridge University Estates' } }) metadata!: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-27T07:00:00.000Z' }) created_at!: Date;
  @ApiProperty({ example: '2026-11-27T07:00:00.000Z' }) updated_at!: Date;
}

export class MachineWithDataDto extends MachineDto {
  @ApiProperty({ type: DataSummaryDto }) data!: DataSummaryDto;
}

export class MachinePageDto extends PageMetaDto {
  @ApiProperty({ type: [MachineDto] }) items!: MachineDto[];
}
