import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid } from '../../common/uuid';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageMetaDto, PageQuery } from '../../common/pagination';
import { MODEL_TYPES, ModelType } from '../../models/model-type';
import { RESOLUTION_ACTIONS, ResolutionAction } from '../alerts.service';
import { ALERT_SEVERITIES, ALERT_TYPES, AlertSeverity, AlertType } from '../entities/alert.entity';
import { WEBHOOK_EVENTS, WebhookEvent } from '../entities/webhook-delivery.entity';
import { QueryBoolean } from '../../common/query-decorators';

const MACHINE_ID = '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11';
const ALERT_ID = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const MODEL_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

/** The predecessor's filters of GET /alerts/active, exactly. */
export class ActiveAlertsQuery {
  @ApiPropertyOptional({ format: 'uuid', example: MACHINE_ID }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, example: 'critical' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;
}

export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', example: MACHINE_ID }) @IsOptional() @IsUuid() machine_id?: string;
  @ApiPropertyOptional({ enum: MODEL_TYPES }) @IsOptional() @IsIn(MODEL_TYPES) model_type?: ModelType;
  @ApiPropertyOptional({ enum: ALERT_TYPES }) @IsOptional() @IsIn(ALERT_TYPES) alert_type?: AlertType;
  @ApiPropertyOptional({ enum: ALERT_SEVERITIES })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;
  @ApiPropertyOptional({ example: false, description: 'Omit for open and resolved alerts (history)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  is_resolved?: boolean;
  @ApiPropertyOptional({ example: false, description: 'true: acknowledged only; false: not acknowledged' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  acknowledged?: boolean;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'alert_timestamp from (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'alert_timestamp until (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}

export class AcknowledgeBody {
  @ApiPropertyOptional({
    description:
      "A name the client claims: recorded beside the authenticated caller, as '<caller> (as <name>)'",
    example: 'j.meyer',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  acknowledged_by?: string;
  @ApiPropertyOptional({ example: 'Checking the meter of line 2 first', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  notes?: string;
}

export class ResolveBody {
  @ApiProperty({ enum: RESOLUTION_ACTIONS, example: 'retrained' })
  @IsIn(RESOLUTION_ACTIONS)
  resolution_action!: ResolutionAction;
  @ApiPropertyOptional({
    example: 'Retrained on data after the new burner was commissioned',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  resolution_notes?: string;
  @ApiPropertyOptional({
    description:
      "A name the client claims: recorded beside the authenticated caller, as '<caller> (as <name>)'",
    example: 'j.meyer',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  resolved_by?: string;
}

/** The predecessor's fields first (kept), then what this service adds. */
export class ActiveAlertDto {
  @ApiProperty({ format: 'uuid', example: ALERT_ID }) id!: string;
  @ApiProperty({ enum: ALERT_TYPES, example: 'guideline14_violation' }) alert_type!: AlertType;
  @ApiProperty({ enum: ALERT_SEVERITIES, example: 'warning' }) severity!: AlertSeverity;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid', example: MACHINE_ID }) machine_id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) machine_name!: string;
  @ApiProperty({ example: 'CV(RMSE) 34.2 % exceeds the Guideline 14 limit of 30 %' }) alert_message!: string;
  @ApiProperty({ example: '2026-11-27T00:30:05.000Z', description: 'When the alert was opened' })
  alert_timestamp!: Date;
  @ApiProperty({ example: false }) is_resolved!: boolean;
  @ApiProperty({ example: false }) auto_action_taken!: boolean;
  @ApiProperty({ example: 'boiler' }) machine_type!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: MODEL_ID }) model_id!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 3 }) model_version!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 34.2 }) current_metric_value!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 30 }) threshold_value!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null }) acknowledged_at!: Date | null;
  @ApiProperty({ example: 4, description: 'Detections folded into this alert' }) occurrences!: number;
  @ApiProperty({ example: '2026-11-30T00:30:04.000Z' }) last_seen_at!: Date;
  @ApiProperty({ example: 72.5, description: 'Hours since alert_timestamp' }) age_hours!: number;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid', example: ALERT_ID }) id!: string;
  @ApiProperty({ enum: ALERT_TYPES, example: 'guideline14_violation' }) alert_type!: AlertType;
  @ApiProperty({ enum: ALERT_SEVERITIES, example: 'critical' }) severity!: AlertSeverity;
  @ApiProperty({
    enum: ALERT_SEVERITIES,
    nullable: true,
    example: 'warning',
    description: 'Severity before the latest occurrence (null until the alert repeats)',
  })
  previous_severity!: AlertSeverity | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: MODEL_ID }) model_id!: string | null;
  @ApiProperty({ enum: MODEL_TYPES, example: 'baseline' }) model_type!: ModelType;
  @ApiProperty({ format: 'uuid', example: MACHINE_ID }) machine_id!: string;
  @ApiProperty({ example: 'Building b40 gas boiler' }) machine_name!: string;
  @ApiProperty({ nullable: true, type: Number, example: 3 }) model_version!: number | null;
  @ApiProperty({ example: '2026-11-27T00:30:05.000Z' }) alert_timestamp!: Date;
  @ApiProperty({ example: 'CV(RMSE) 46.1 % and NMBE 12.3 % exceed the Guideline 14 limits' })
  alert_message!: string;
  @ApiProperty({ nullable: true, type: Object, example: { cv_rmse: 46.1, nmbe: 12.3, interval: 'hour' } })
  alert_details!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Number, example: 46.1 }) current_metric_value!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 30 }) threshold_value!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 18.4 }) baseline_metric_value!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 46.1,
    description: 'Worst value seen: the lowest for data_gap (completeness), else the largest magnitude',
  })
  worst_metric_value!: number | null;
  @ApiProperty({ example: 4 }) occurrences!: number;
  @ApiProperty({ example: '2026-11-30T00:30:04.000Z' }) last_seen_at!: Date;
  @ApiProperty({ example: false }) is_resolved!: boolean;
  @ApiProperty({ nullable: true, type: String, example: null }) resolved_at!: Date | null;
  @ApiProperty({ nullable: true, type: String, example: null }) resolved_by!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) resolution_action!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) resolution_notes!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T07:12:00.000Z' })
  acknowledged_at!: Date | null;
  @ApiProperty({ nullable: true, type: String, example: 'j.meyer' }) acknowledged_by!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Checking the meter of line 2 first' })
  acknowledgement_notes!: string | null;
  @ApiProperty({ example: true }) auto_action_taken!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'retrain_triggered' }) auto_action_type!:
    | string
    | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    example: { training_job_id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
  })
  auto_action_result!: Record<string, unknown> | null;
  @ApiProperty({ example: '2026-11-27T00:30:05.000Z' }) created_at!: Date;
  @ApiProperty({ nullable: true, type: Object, example: null }) metadata!: Record<string, unknown> | null;
}

export class AlertPageDto extends PageMetaDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', example: ALERT_ID }) alert_id!: string;
  @ApiProperty({
    format: 'uuid',
    description:
      'Same for every attempt of one event; sent as X-Webhook-Delivery so receivers can drop repeats',
  })
  delivery_id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, example: 'opened' }) event!: WebhookEvent;
  @ApiProperty({ example: 2, description: '1 for the first try' }) attempt!: number;
  @ApiProperty({ nullable: true, type: Number, example: 503, description: 'null: no HTTP answer' })
  status_code!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 503: upstream unavailable' }) error!:
    | string
    | null;
  @ApiProperty({ example: false }) delivered!: boolean;
  @ApiProperty({ example: '2026-11-27T00:30:06.000Z' }) created_at!: Date;
}

export class WebhookDeliveryPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
}
