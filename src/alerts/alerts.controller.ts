import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, recordedName } from '../security/caller.decorator';
import { PredecessorContract } from '../common/predecessor-contract';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiConflictProblem, ApiNotFoundProblem } from '../common/api-errors';
import { PageQuery } from '../common/pagination';
import { UuidPipe } from '../common/uuid.pipe';
import { ALREADY_RESOLVED, AlertsService } from './alerts.service';
import {
  AcknowledgeBody,
  ActiveAlertDto,
  ActiveAlertsQuery,
  AlertDto,
  AlertPageDto,
  ListAlertsQuery,
  ResolveBody,
  WebhookDeliveryPageDto,
} from './dto/alert.dto';

const alertIdParam = ApiParam({
  name: 'alert_id',
  format: 'uuid',
  example: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
});
const AlertProblems = () =>
  applyDecorators(ApiBadRequestProblem('alert_id must be a UUID', 'alert_id'), ApiNotFoundProblem('alert'));
const alertId = () => Param('alert_id', new UuidPipe('alert_id'));

const SEVERITY_RULES =
  'Severity rules (severityFor): guideline14_violation warning when CV(RMSE) or |NMBE| exceeds its limit, critical when both do ' +
  'or one is exceeded by more than 50 %; drift_detected warning, critical when concept drift (CUSUM alarm) and performance ' +
  'drift occur together; training_failed warning, critical from 3 consecutive failures; evaluation_stale warning after ' +
  'ALERT_STALE_EVALUATION_DAYS (N) days, critical after 3N; data_gap warning below 90 % completeness, critical below 50 %; ' +
  'performance_degradation warning above the threshold, critical above twice the threshold.';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @PredecessorContract()
  @Get('active')
  @ApiOperation({
    summary: 'Unresolved alerts (the predecessor contract): a JSON array, newest first, at most 1000',
    description:
      'Reads v_unresolved_model_alerts. Keeps the predecessor fields (id, alert_type, severity, model_type, machine_id, ' +
      'machine_name, alert_message, alert_timestamp, is_resolved, auto_action_taken) and adds occurrences, last_seen_at, ' +
      `acknowledged_at, age_hours and the metric values. At most one unresolved alert per machine, model type and alert type. ${SEVERITY_RULES}`,
  })
  @ApiOkResponse({ type: [ActiveAlertDto] })
  @ApiBadRequestProblem('Invalid request: severity', 'severity')
  active(@Query() query: ActiveAlertsQuery) {
    return this.alerts.active(query);
  }

  @Get()
  @ApiOperation({
    summary: 'Alerts, open and resolved (history), newest first, with filters',
    description: `since/until filter alert_timestamp (when the alert was opened). ${SEVERITY_RULES}`,
  })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiBadRequestProblem('until must be after since', 'until')
  list(@Query() query: ListAlertsQuery) {
    const { limit, offset, since, until, ...filter } = query;
    const window = { since: since ? new Date(since) : undefined, until: until ? new Date(until) : undefined };
    return this.alerts.list({ ...filter, ...window }, limit, offset);
  }

  @Get(':alert_id')
  @alertIdParam
  @ApiOperation({ summary: 'One alert with its acknowledgement, resolution and automatic action' })
  @ApiOkResponse({ type: AlertDto })
  @AlertProblems()
  get(@alertId() id: string) {
    return this.alerts.get(id);
  }

  @Post(':alert_id/acknowledge')
  @HttpCode(200)
  @alertIdParam
  @ApiOperation({
    summary: 'Acknowledge an open alert (idempotent: the first acknowledgement is kept)',
    description:
      'An escalation (higher severity detected) clears the acknowledgement, so the raised severity is seen.',
  })
  @ApiBody({ type: AcknowledgeBody, required: false })
  @ApiOkResponse({ type: AlertDto })
  @AlertProblems()
  @ApiConflictProblem(
    ALREADY_RESOLVED,
    'alert 3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b was resolved at 2026-11-27T08:00:00.000Z; it cannot be acknowledged',
  )
  acknowledge(@alertId() id: string, @Caller() caller: string, @Body() body: AcknowledgeBody = {}) {
    return this.alerts.acknowledge(id, {
      notes: body?.notes,
      acknowledged_by: recordedName(caller, body?.acknowledged_by),
    });
  }

  @Post(':alert_id/resolve')
  @HttpCode(200)
  @alertIdParam
  @ApiOperation({
    summary: 'Resolve an open alert; the next detection opens a new one',
    description: 'Notifies the webhook (event resolved) when one is configured.',
  })
  @ApiOkResponse({ type: AlertDto })
  @AlertProblems()
  @ApiConflictProblem(
    ALREADY_RESOLVED,
    'alert 3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b was resolved at 2026-11-27T08:00:00.000Z; it cannot be resolved again',
  )
  resolve(@alertId() id: string, @Body() body: ResolveBody, @Caller() caller: string) {
    return this.alerts.resolve(id, { ...body, resolved_by: recordedName(caller, body.resolved_by) });
  }

  @Get(':alert_id/deliveries')
  @alertIdParam
  @ApiOperation({
    summary: "Webhook delivery attempts for the alert's events, oldest first",
    description:
      'One row per attempt (status code or network error, delivered or not). Requests are signed: ' +
      'X-Signature-256: sha256=<hex HMAC-SHA256 over "<X-Webhook-Timestamp>.<raw body>">.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @AlertProblems()
  deliveries(@alertId() id: string, @Query() query: PageQuery) {
    return this.alerts.deliveries(id, query.limit, query.offset);
  }
}
