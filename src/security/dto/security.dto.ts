import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { ROLES } from '../api-key';
import type { Role } from '../api-key';
import { Iso } from '../../common/query-decorators';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'scada-gateway', description: 'Shown in the audit trail as the actor' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[\w.@-]+$/, { message: 'name may hold letters, digits, _, ., @ and - only' })
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role!: Role;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'scada-gateway' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() created_at!: Date;
  @ApiProperty({ nullable: true, type: String, example: 'admin' }) created_by!: string | null;
  @ApiProperty({ nullable: true, type: Date }) revoked_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) last_used_at!: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'mps_3q2+7w...',
    description: 'The key itself: shown only in this response, stored as its SHA-256',
  })
  key!: string;
}

export class ApiKeyPageDto extends PageMetaDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

export class ApiKeyListQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'Include revoked keys' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_revoked: boolean = false;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'scada-gateway', description: 'Key name, jwt:<subject> or anonymous' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ example: 'POST /retrain/trigger', description: 'Method and route pattern' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  action?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Inclusive' })
  @IsOptional()
  @Iso()
  since?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'Exclusive' })
  @IsOptional()
  @Iso()
  until?: string;

  @ApiPropertyOptional({ example: 403, description: 'HTTP status of the response' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  outcome?: number;
}

export class AuditEntryDto {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ example: 'scada-gateway' }) actor!: string;
  @ApiProperty({ nullable: true, type: String, example: 'operator' }) role!: string | null;
  @ApiProperty({ example: 'POST' }) method!: string;
  @ApiProperty({ example: '/api/v1/model-performance/retrain/trigger' }) path!: string;
  @ApiProperty({ example: 'POST /retrain/trigger' }) action!: string;
  @ApiProperty({ example: { machine_id: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11' } })
  target!: Record<string, string>;
  @ApiProperty({ example: 200 }) outcome!: number;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) request_id!: string | null;
  @ApiProperty({ example: { query: { model_type: 'baseline' } } }) details!: Record<string, unknown>;
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
}
