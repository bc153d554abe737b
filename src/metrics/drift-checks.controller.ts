import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStandardProblems } from '../common/api-errors';
import { ApiExportResponse, Export, ExportChannel, CSV_FORMATS, exportName } from '../common/export-format';
import { DriftChecksQuery, DriftChecksResponseDto } from './dto/metrics.dto';
import { driftChecksCsv } from './metrics.csv';
import { MetricsService } from './metrics.service';

/** Past drift checks: the evaluations that stored their drift tests (model_performance_metrics). */
@ApiTags('drift')
@Controller('drift')
export class DriftChecksController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('checks')
  @ApiOperation({
    summary: "Past drift checks of a machine's model type, newest first, each with its tests",
    description:
      'The checks stored as evaluations: the daily evaluation, POST /metrics/evaluate and POST /drift/check?record=true ' +
      '(a read-only /drift/check stores nothing). format=csv: one row per test of each check.',
  })
  @ApiExportResponse({
    json: { type: DriftChecksResponseDto },
    csv:
      'metric_id,checked_at,model_id,model_version,window_start,window_end,drift_type,drift_score,test_name,test_kind,feature,statistic,threshold,p_value,test_drift\r\n' +
      '6c1e…,2026-12-01T02:00:00.000Z,0d7f…,2,2015-03-01T00:00:00.000Z,2015-04-01T00:00:00.000Z,concept_drift,0.93,cusum,concept,standardised_residual,41.2,5,,true\r\n',
    filename: 'Building-b40-gas-boiler_baseline_drift-checks.csv',
  })
  @ApiStandardProblems()
  async list(@Query() query: DriftChecksQuery, @Export() to: ExportChannel) {
    const checks = await this.metrics.driftChecks(query.machine_id, query.model_type, query.limit);
    return to.answer(query.format, CSV_FORMATS, checks, () => ({
      name: exportName(checks.machine_name, query.model_type, 'drift-checks'),
      body: driftChecksCsv(checks),
    }));
  }
}
