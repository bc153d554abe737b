import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
import { PredecessorContract } from '../common/predecessor-contract';
import { parseWindow } from '../common/time-window';
import type { VersionDriftCheck } from '../drift/drift.service';
import { MachinesService } from '../machines/machines.service';
import type { ModelVersion } from '../models/entities/model-version.entity';
import { Caller } from '../security/caller.decorator';
import {
  DriftCheckQuery,
  DriftCheckResultDto,
  EvaluateQuery,
  EvaluationResultDto,
} from './dto/monitoring.dto';
import { EvaluationService } from './evaluation.service';

const DEFAULT_WINDOW_MS = 30 * 86_400_000;

/**
 * Monitoring on request. POST /drift/check is read-only by default, as the predecessor's was;
 * `record=true` stores the check as an evaluation and raises its alerts, `retrain=true` also
 * retrains by policy. POST /metrics/evaluate always records.
 */
@Controller()
export class MonitoringController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly machines: MachinesService,
  ) {}

  @ApiTags('drift')
  @PredecessorContract()
  @Post('drift/check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the drift tests on a model version (the predecessor contract, plus `tests`)',
    description:
      "Performance drift (error vs the version's validation error, +25 % by default; Guideline 14 limits), data drift (weather drivers: " +
      'share of the window outside the training range > 5 %, with a KS test against the same calendar months reported as season context; ' +
      'production drivers: PSI >= 0.2 or KS p < 0.05 against the training window) and concept drift (tabular CUSUM of standardised residuals, of hourly models their daily means, k = 0.5, h = 5). ' +
      'Read-only unless record=true (stores the evaluation, raises alerts) or retrain=true (also retrains by policy). ' +
      'drift_type: concept_drift when residuals drift, data_drift when only inputs drift, else no_drift; drift_score = max over tests of ' +
      'r / (1 + r), r = statistic / threshold (KS: 0.05 / p), so 0.5 sits exactly at a threshold. Window default: the newest 30 days of data.',
  })
  @ApiOkResponse({ type: DriftCheckResultDto })
  @ApiStandardProblems('model')
  async check(@Query() query: DriftCheckQuery) {
    const version = await this.evaluation.resolveVersion(query.machine_id, query.model_type, query.model_id);
    const lastReading = await this.machines.lastEnergyReading(query.machine_id);
    const defaultEnd = new Date((lastReading ?? new Date()).getTime() + 1);
    const { start, end } = parseWindow(
      query.start ??
        new Date((query.end ? new Date(query.end) : defaultEnd).getTime() - DEFAULT_WINDOW_MS).toISOString(),
      query.end ?? defaultEnd.toISOString(),
      ['start', 'end'],
    );
    if (!query.record && !query.retrain) {
      // The predecessor's check only read: so does this one unless the caller asks for more.
      const { current, ...drift } = await this.evaluation.assess(version, start, end);
      return {
        ...predecessorFields(drift, performanceOf(current.metrics), version),
        tests: drift.tests,
        model_id: version.id,
        model_version: version.version,
        metric_id: null,
        window: { start, end },
        retraining: null,
      };
    }
    const { metric, drift, retraining } = await this.evaluation.evaluate(version, start, end, {
      createdBy: 'drift-check',
      retrain: query.retrain === true,
    });
    return {
      ...predecessorFields(drift, performanceOf(metric), version),
      tests: drift.tests,
      model_id: version.id,
      model_version: version.version,
      metric_id: metric.id,
      window: { start, end },
      retraining,
    };
  }

  @ApiTags('metrics')
  @Post('metrics/evaluate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evaluate a model version on a metered window now (the daily job does the same for new data)',
    description:
      'Scores the version (default: the active one) on [start, end), runs the drift tests, stores a metrics row and raises alerts; ' +
      'with retrain=true drift also triggers retraining by the policy. Use it to evaluate historical data month by month.',
  })
  @ApiOkResponse({ type: EvaluationResultDto })
  @ApiStandardProblems('model')
  @ApiBadRequestProblem('end must be after start', 'end')
  async evaluate(@Query() query: EvaluateQuery, @Caller() caller: string) {
    const { start, end } = parseWindow(query.start, query.end, ['start', 'end']);
    const version = await this.evaluation.resolveVersion(query.machine_id, query.model_type, query.model_id);
    const { metric, drift, retraining } = await this.evaluation.evaluate(version, start, end, {
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

type MetricFigures = Partial<
  Record<
    'r_squared' | 'rmse' | 'mae' | 'mape' | 'cv_rmse' | 'cv_rmse_pct' | 'nmbe' | 'nmbe_pct',
    number | null
  >
>;

/**
 * The predecessor's performance dict: r_squared, rmse, mae and mape as numbers (it answered 0 for
 * a figure it did not have, and its callers read numbers), `missing` naming those that are 0 for
 * that reason; then CV(RMSE) and NMBE, null where unknown.
 */
function performanceOf(figures: MetricFigures | null | undefined) {
  const value = (...names: (keyof MetricFigures)[]) =>
    names.map((name) => figures?.[name]).find((found) => typeof found === 'number') ?? null;
  const predecessor = {
    r_squared: value('r_squared'),
    rmse: value('rmse'),
    mae: value('mae'),
    mape: value('mape'),
  };
  return {
    ...(Object.fromEntries(
      Object.entries(predecessor).map(([name, figure]) => [name, figure ?? 0]),
    ) as Record<keyof typeof predecessor, number>),
    cv_rmse: value('cv_rmse', 'cv_rmse_pct'),
    nmbe: value('nmbe', 'nmbe_pct'),
    missing: Object.entries(predecessor)
      .filter(([, figure]) => figure === null)
      .map(([name]) => name),
  };
}

type Performance = ReturnType<typeof performanceOf>;

function predecessorFields(
  drift: Pick<
    VersionDriftCheck,
    'drift_detected' | 'drift_score' | 'drift_type' | 'recommendation' | 'threshold'
  >,
  current: Performance,
  version: ModelVersion,
) {
  return {
    drift_detected: drift.drift_detected,
    drift_score: drift.drift_score,
    drift_type: drift.drift_type,
    recommendation: drift.recommendation,
    threshold: drift.threshold,
    current_performance: current,
    baseline_performance: performanceOf(
      (version.validation_metrics ?? version.training_metrics) as MetricFigures | null,
    ),
  };
}
