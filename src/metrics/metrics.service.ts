/**
 * The predecessor's metrics contract: record metrics computed elsewhere for a window (sample count
 * and completeness from the machine's own readings; drift from the drift engine's performance
 * tests against the version's validation metrics) and the performance trend. The one writer of
 * model_performance_metrics: training holdouts and evaluations are stored through it.
 */
import { Injectable } from '@nestjs/common';
import { BadInputError, DomainError } from '../common/domain-error';
import { ModelType } from '../models/model-type';
import { runDriftTests, type DriftTest } from '../drift/drift-engine';
import { DriftService } from '../drift/drift.service';
import { MachinesService } from '../machines/machines.service';
import { versionSpec } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import { parseWindow } from '../common/time-window';
import { RecordMetricsQuery } from './dto/metrics.dto';
import { PerformanceMetric } from './entities/performance-metric.entity';
import { MetricsRepository } from './metrics.repository';
import { performanceTrend, predecessorDegradationRate } from './trend';
import { ErrorCode } from '../common/error-codes';

const DAY_MS = 86_400_000;

/** Accepts both the short names (cv_rmse, nmbe) and the _pct forms. */
const pick = (values: Record<string, number>, ...names: string[]) =>
  names.map((name) => values[name]).find((value) => value !== undefined) ?? null;

@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly drift: DriftService,
  ) {}

  async record(query: RecordMetricsQuery, values: Record<string, number>, createdBy: string) {
    const machine = await this.machines.get(query.machine_id);
    const version = await this.models.get(query.model_id);
    if (version.machine_id !== machine.id || version.model_type !== query.model_type) {
      throw new BadInputError(
        ErrorCode.METRICS_MODEL_MISMATCH,
        `model ${version.id} is a ${version.model_type} version of another machine or type`,
        [{ field: 'model_id', message: `not a ${query.model_type} version of machine ${machine.id}` }],
      );
    }
    const { start, end } = parseWindow(query.evaluation_start, query.evaluation_end, [
      'evaluation_start',
      'evaluation_end',
    ]);
    const coverage = await this.machines.readingCoverage(
      machine,
      versionSpec(version).energy_type,
      start,
      end,
    );
    const current = {
      r_squared: pick(values, 'r_squared', 'r2'),
      rmse: pick(values, 'rmse'),
      cv_rmse_pct: pick(values, 'cv_rmse', 'cv_rmse_pct'),
      nmbe_pct: pick(values, 'nmbe', 'nmbe_pct'),
    };
    // Only the figures the caller sent are tested: the predecessor's callers send r_squared, rmse,
    // mae and mape, without CV(RMSE) and NMBE, and a missing figure is no evidence of drift.
    const drift = runDriftTests({
      interval: versionSpec(version).interval,
      validation_metrics: version.validation_metrics ?? version.training_metrics,
      current_metrics: current,
      error_metric:
        version.model_type === 'baseline' && current.cv_rmse_pct !== null ? 'cv_rmse_pct' : 'rmse',
      drivers: [],
      thresholds: this.drift.thresholds(),
    });
    const row = await this.metrics.insert({
      model_id: version.id,
      model_type: version.model_type,
      machine_id: machine.id,
      model_version: version.version,
      evaluation_start: start,
      evaluation_end: end,
      sample_count: coverage.readings,
      data_completeness: coverage.completeness,
      metrics: values,
      r_squared: current.r_squared,
      rmse: current.rmse,
      mae: pick(values, 'mae'),
      mape: pick(values, 'mape'),
      cv_rmse: current.cv_rmse_pct,
      nmbe: current.nmbe_pct,
      drift_detected: drift.drift_detected,
      drift_score: drift.drift_score,
      drift_threshold: drift.threshold,
      source: 'external',
      created_by: createdBy,
      metadata: { drift_type: drift.drift_type, tests: drift.tests },
    });
    return {
      metric_id: row.id,
      drift_detected: drift.drift_detected,
      drift_score: drift.drift_score,
      recommendation: drift.recommendation,
      drift_type: drift.drift_type,
      sample_count: coverage.readings,
      data_completeness: row.data_completeness,
      tests: drift.tests,
    };
  }

  /** Stores a metrics row another module computed (a training holdout, an evaluation). */
  insert(values: Partial<PerformanceMetric>): Promise<PerformanceMetric> {
    return this.metrics.insert(values);
  }

  /** When the version was last evaluated, and the end of the newest window evaluated. */
  lastEvaluation(modelId: string): Promise<{ at: Date | null; until: Date | null }> {
    return this.metrics.lastEvaluation(modelId);
  }

  /** The figures the predecessor averaged for an A/B arm: the rows recorded for the model in a period. */
  recordedAverages(modelId: string, from: Date, until: Date) {
    return this.metrics.recordedAverages(modelId, from, until);
  }

  async trend(machineId: string, modelType: ModelType, days: number) {
    const machine = await this.machines.get(machineId);
    const rows = await this.metrics.trend(machineId, modelType, new Date(Date.now() - days * DAY_MS));
    if (rows.length === 0) {
      throw new DomainError(
        ErrorCode.METRICS_NOT_FOUND,
        404,
        `no ${modelType} metrics of machine ${machineId} were recorded in the last ${days} days`,
      );
    }
    const origin = rows[0].evaluation_end.getTime();
    const trend = performanceTrend(
      rows.map((row) => ({
        day: (row.evaluation_end.getTime() - origin) / DAY_MS,
        r_squared: row.r_squared,
        cv_rmse: row.cv_rmse,
      })),
    );
    // The predecessor's items, in its order (evaluation date), then this service's fields.
    const byEvaluationDate = [...rows].sort(
      (a, b) => a.evaluation_date.getTime() - b.evaluation_date.getTime() || a.id.localeCompare(b.id),
    );
    return {
      model_type: modelType,
      machine_id: machineId,
      machine_name: machine.name,
      metrics: byEvaluationDate.map((row) => ({
        id: row.id,
        model_id: row.model_id,
        model_type: row.model_type,
        machine_id: row.machine_id,
        model_version: row.model_version,
        evaluation_date: row.evaluation_date,
        r_squared: row.r_squared,
        rmse: row.rmse,
        mae: row.mae,
        mape: row.mape,
        drift_detected: row.drift_detected,
        drift_score: row.drift_score,
        sample_count: row.sample_count,
        data_completeness: row.data_completeness,
        metric_id: row.id,
        evaluation_start: row.evaluation_start,
        evaluation_end: row.evaluation_end,
        cv_rmse: row.cv_rmse,
        nmbe: row.nmbe,
        source: row.source,
      })),
      trend_direction: trend.trend_direction,
      degradation_rate: predecessorDegradationRate(byEvaluationDate),
      degradation_rate_pct_per_day: trend.degradation_rate,
      trend_basis: trend.basis,
    };
  }

  /** The newest drift checks stored with their tests (evaluations: scheduled, /metrics/evaluate, /drift/check?record=true). */
  async driftChecks(machineId: string, modelType: ModelType, limit: number) {
    const machine = await this.machines.get(machineId);
    const rows = await this.metrics.driftChecks(machineId, modelType, limit);
    return {
      machine_id: machine.id,
      machine_name: machine.name,
      model_type: modelType,
      items: rows.map((row) => {
        const stored = (row.metadata ?? {}) as { drift_type?: string; tests?: DriftTest[] };
        return {
          metric_id: row.id,
          model_id: row.model_id,
          model_version: row.model_version,
          checked_at: row.evaluation_date,
          window_start: row.evaluation_start,
          window_end: row.evaluation_end,
          drift_detected: row.drift_detected,
          drift_score: row.drift_score,
          drift_threshold: row.drift_threshold,
          drift_type: stored.drift_type ?? null,
          recommendation: row.evaluation_notes,
          created_by: row.created_by,
          tests: stored.tests ?? [],
        };
      }),
    };
  }
}
