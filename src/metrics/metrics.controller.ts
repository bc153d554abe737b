import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Caller } from '../security/caller.decorator';
import { PredecessorContract } from '../common/predecessor-contract';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiNotFoundProblem, ApiStandardProblems } from '../common/api-errors';
import {
  EvaluateQuery,
  RecordMetricsQuery,
  RecordMetricsResponseDto,
  TrendQuery,
  TrendResponseDto,
} from './dto/metrics.dto';
import { MetricValuesPipe } from './metric-values.pipe';
import { MetricsService, parseWindow } from './metrics.service';
import { MonitoringService } from './monitoring.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly monitoring: MonitoringService,
  ) {}

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
      'degradation_rate in % of the mean level per day, positive = getting worse; |rate| < 0.1 %/day is stable.',
  })
  @ApiOkResponse({ type: TrendResponseDto })
  @ApiStandardProblems()
  @ApiNotFoundProblem('metrics')
  trend(@Query() query: TrendQuery) {
    return this.metrics.trend(query.machine_id, query.model_type, query.days);
  }

  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evaluate a model version on a metered window now (the daily job does the same for new data)',
    description:
      'Scores the version (default: the active one) on [start, end), runs the drift tests, stores a metrics row and raises alerts; ' +
      'with retrain=true drift also triggers retraining by the policy. Use it to evaluate historical data month by month.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        metric_id: '…',
        r_squared: 0.85,
        cv_rmse: 16.6,
        nmbe: -10.8,
        drift_detected: true,
        drift_type: 'concept_drift',
      },
    },
  })
  @ApiStandardProblems('model')
  @ApiBadRequestProblem('end must be after start', 'end')
  async evaluate(@Query() query: EvaluateQuery, @Caller() caller: string) {
    const { start, end } = parseWindow(query.start, query.end, ['start', 'end']);
    const version = await this.monitoring.resolveVersion(query.machine_id, query.model_type, query.model_id);
    const { metric, drift, retraining } = await this.monitoring.evaluate(version, start, end, {
      createdBy: caller,
      retrain: query.retrain === true,
    });
    return {
      metric_id: metric.id,
      model_id: version.id,
      model_version: version.version,
      evaluation_start: metric.evaluation_start,
      evaluation_end: metric.evaluation_end,
      sample_count: metric.sample_count,
      data_completeness: metric.data_completeness,
      metrics: metric.metrics,
      r_squared: metric.r_squared,
      rmse: metric.rmse,
      mae: metric.mae,
      mape: metric.mape,
      cv_rmse: metric.cv_rmse,
      nmbe: metric.nmbe,
      precision_score: metric.precision_score,
      true_positives: metric.true_positives,
      false_positives: metric.false_positives,
      drift_detected: drift.drift_detected,
      drift_type: drift.drift_type,
      drift_score: drift.drift_score,
      recommendation: drift.recommendation,
      tests: drift.tests,
      retraining,
    };
  }
}
