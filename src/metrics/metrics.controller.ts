import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Caller } from '../security/caller.decorator';
import { PredecessorContract } from '../common/predecessor-contract';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiNotFoundProblem, ApiStandardProblems } from '../common/api-errors';
import { ApiExportResponse, Export, ExportChannel, CSV_FORMATS, exportName } from '../common/export-format';
import {
  RecordMetricsQuery,
  RecordMetricsResponseDto,
  TrendQuery,
  TrendResponseDto,
} from './dto/metrics.dto';
import { MetricValuesPipe } from './metric-values.pipe';
import { trendCsv } from './metrics.csv';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @PredecessorContract()
  @Post('record')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record metrics computed elsewhere for a window (the predecessor contract)',
    description:
      "sample_count and data_completeness come from the machine's readings in the window and its reading interval; " +
      "drift_detected, drift_score and recommendation from the drift engine (performance tests against the version's validation metrics).",
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: { type: 'number' },
      example: { r_squared: 0.91, rmse: 4210.5, mae: 3300.1, mape: 11.2, cv_rmse: 12.3, nmbe: -2.1 },
    },
  })
  @ApiOkResponse({ type: RecordMetricsResponseDto })
  @ApiStandardProblems('model')
  record(
    @Query() query: RecordMetricsQuery,
    @Body(new MetricValuesPipe()) values: Record<string, number>,
    @Caller() caller: string,
  ) {
    return this.metrics.record(query, values, caller);
  }

  @PredecessorContract()
  @Get('trend')
  @ApiOperation({
    summary: "Performance trend of a machine's model type (the predecessor contract)",
    description:
      'trend_direction from the least-squares slope of R² (or of CV(RMSE) where R² is absent) over the metered windows evaluated in the last `days` days; ' +
      'degradation_rate in % of the mean level per day, positive = getting worse; |rate| < 0.1 %/day is stable. ' +
      'format=csv: the evaluations, one row per metrics item.',
  })
  @ApiExportResponse({
    json: { type: TrendResponseDto },
    csv:
      'metric_id,model_id,model_version,evaluation_date,evaluation_start,evaluation_end,sample_count,data_completeness_fraction,r_squared,rmse_kwh,mae_kwh,mape_pct,cv_rmse_pct,nmbe_pct,drift_detected,drift_score,source\r\n' +
      '6c1e…,0d7f…,2,2026-12-01T02:00:00.000Z,2015-03-01T00:00:00.000Z,2015-04-01T00:00:00.000Z,31,1,0.91,4210.5,3300.1,11.2,12.3,-2.1,false,0.31,evaluation\r\n',
    filename: 'Building-b40-gas-boiler_baseline_evaluations_last-30-days.csv',
  })
  @ApiStandardProblems()
  @ApiNotFoundProblem('metrics')
  async trend(@Query() query: TrendQuery, @Export() to: ExportChannel) {
    const trend = await this.metrics.trend(query.machine_id, query.model_type, query.days);
    return to.answer(query.format, CSV_FORMATS, trend, () => ({
      name: exportName(trend.machine_name, query.model_type, 'evaluations', `last-${query.days}-days`),
      body: trendCsv(trend),
    }));
  }
}
