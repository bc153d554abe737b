/**
 * The monitoring loop for one model version and window: score it on what was metered, run the
 * drift tests, store the metrics row with the test details, raise or refresh alerts, and retrain
 * automatically by policy (drift -> trigger_type drift_detected, Guideline 14 / error growth ->
 * performance_degradation), respecting duplicate prevention and a cool-down.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { BadInputError, NoActiveVersionError } from '../common/domain-error';
import { monitoringConfig } from '../config/monitoring.config';
import { ModelType } from '../database/columns';
import { DriftService, VersionDriftCheck } from '../drift/drift.service';
import { MachinesService } from '../machines/machines.service';
import { ModelVersion } from '../models/entities/model-version.entity';
import { versionSpec } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import { TriggerResult, TrainingService } from '../training/training.service';
import { severityFor, DATA_GAP_WARNING_BELOW } from '../alerts/alert-severity';
import { AlertsService } from '../alerts/alerts.service';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { MetricsRepository } from './metrics.repository';
import { PerformanceMetric } from './entities/performance-metric.entity';
import { ErrorCode } from '../common/error-codes';

const DAY_MS = 86_400_000;
const MAX_RETRAIN_WINDOW_DAYS = 365;

export interface EvaluationOutcome {
  metric: PerformanceMetric;
  drift: Omit<VersionDriftCheck, 'current'>;
  retraining: TriggerResult | null;
}

@Injectable()
export class MonitoringService {
  private readonly logger = new Logger(MonitoringService.name);

  constructor(
    private readonly metrics: MetricsRepository,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly drift: DriftService,
    private readonly training: TrainingService,
    private readonly alerts: AlertsService,
    private readonly anomalies: AnomaliesService,
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
  ) {}

  /** The version to monitor: the given one (checked against machine and type) or the active one. */
  async resolveVersion(machineId: string, modelType: ModelType, modelId?: string): Promise<ModelVersion> {
    await this.machines.get(machineId);
    if (modelId) {
      const version = await this.models.get(modelId);
      if (version.machine_id !== machineId || version.model_type !== modelType) {
        throw new BadInputError(
          ErrorCode.MODEL_MISMATCH,
          `model ${modelId} is not a ${modelType} version of machine ${machineId}`,
          [{ field: 'model_id', message: `not a ${modelType} version of this machine` }],
        );
      }
      return version;
    }
    const active = await this.models.findActive(machineId, modelType);
    if (!active) throw new NoActiveVersionError(modelType, machineId, 'model_type');
    return active;
  }

  /** Scores `version` on [start, end) and runs the drift tests; stores nothing. */
  assess(version: ModelVersion, start: Date, end: Date): Promise<VersionDriftCheck> {
    return this.drift.check(version, start, end);
  }

  /**
   * Scores `version` on [start, end), checks drift, stores the row and raises alerts; retrains only
   * when the caller asks (`retrain`), and then by the policy (AUTO_RETRAIN, cool-down, one job per key).
   */
  async evaluate(
    version: ModelVersion,
    start: Date,
    end: Date,
    options: { createdBy: string; retrain: boolean },
  ): Promise<EvaluationOutcome> {
    const createdBy = options.createdBy;
    const check = await this.drift.check(version, start, end);
    const { current, ...drift } = check;
    const machine = await this.machines.get(version.machine_id);
    const readings = await this.metrics.readingCount(
      machine.id,
      versionSpec(version).energy_type,
      start,
      end,
    );
    const spacing = await this.machines.readingSpacing(machine, versionSpec(version).energy_type, start, end);
    const expected = Math.max(1, Math.floor((end.getTime() - start.getTime()) / 1000 / spacing));
    // Anomaly models have no labels of their own: the energy managers' verdicts on their flags give the precision.
    const verdicts =
      version.model_type === 'anomaly' ? await this.anomalies.precision(version.id, start, end) : null;
    const metric = await this.metrics.insert({
      model_id: version.id,
      model_type: version.model_type,
      machine_id: version.machine_id,
      model_version: version.version,
      evaluation_start: start,
      evaluation_end: end,
      sample_count: current.scored.length,
      data_completeness: Math.min(1, readings / expected),
      metrics: { ...(current.metrics ?? {}), ...(current.anomaly ?? {}) },
      r_squared: current.metrics?.r_squared ?? null,
      rmse: current.metrics?.rmse ?? null,
      mae: current.metrics?.mae ?? null,
      mape: current.metrics?.mape ?? null,
      cv_rmse: current.metrics?.cv_rmse_pct ?? null,
      nmbe: current.metrics?.nmbe_pct ?? null,
      outlier_percentage: current.anomaly?.anomaly_rate_pct ?? null,
      precision_score: verdicts?.precision ?? null,
      true_positives: verdicts?.true_positives ?? null,
      false_positives: verdicts?.false_positives ?? null,
      drift_detected: drift.drift_detected,
      drift_score: drift.drift_score,
      drift_threshold: drift.threshold,
      source: 'evaluation',
      created_by: createdBy,
      evaluation_notes: drift.recommendation,
      metadata: {
        drift_type: drift.drift_type,
        tests: drift.tests,
        reference_window: drift.reference_window,
      },
    });
    await this.raiseDataGap(version, metric);
    const retraining = drift.drift_detected
      ? await this.actOnDrift(version, metric, drift, options.retrain)
      : null;
    return { metric, drift, retraining };
  }

  /**
   * Drift raises one alert per machine, model type and kind (repeat detections update it), and
   * the automatic retraining it triggers is recorded on that alert.
   */
  private async actOnDrift(
    version: ModelVersion,
    metric: PerformanceMetric,
    drift: Omit<VersionDriftCheck, 'current'>,
    retrain: boolean,
  ) {
    const fired = (kind: string) => drift.tests.some((test) => test.kind === kind && test.drift);
    const severity = severityFor('drift_detected', {
      performance_drift: fired('performance'),
      concept_drift: fired('concept'),
      data_drift: fired('data'),
    });
    const { alert } = await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'drift_detected',
      severity,
      message: `${drift.drift_type.replace('_', ' ')} in v${version.version} on ${metric.evaluation_start.toISOString().slice(0, 10)}..${metric.evaluation_end.toISOString().slice(0, 10)}: ${drift.recommendation}`,
      model_id: version.id,
      model_version: version.version,
      details: {
        metric_id: metric.id,
        drift_type: drift.drift_type,
        tests: drift.tests.filter((test) => test.drift),
      },
      current_value: drift.drift_score,
      threshold_value: drift.threshold,
      baseline_value: null,
    });
    const retraining = retrain ? await this.retrainByPolicy(version, drift) : null;
    if (retraining) {
      await this.alerts.recordAutoAction(alert.id, { type: 'auto_retrain', result: { ...retraining } });
    }
    return retraining;
  }

  private async raiseDataGap(version: ModelVersion, metric: PerformanceMetric): Promise<void> {
    const completeness = metric.data_completeness;
    if (completeness === null || completeness >= DATA_GAP_WARNING_BELOW) return;
    await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'data_gap',
      severity: severityFor('data_gap', { completeness }),
      message: `only ${(100 * completeness).toFixed(0)} % of the expected readings arrived between ${metric.evaluation_start.toISOString()} and ${metric.evaluation_end.toISOString()}`,
      model_id: version.id,
      model_version: version.version,
      details: { metric_id: metric.id },
      current_value: completeness,
      threshold_value: DATA_GAP_WARNING_BELOW,
    });
  }

  /**
   * Automatic retraining: on by default (AUTO_RETRAIN); keeps the drifted version's interval,
   * features and energy type and moves its training window, at most a year long, to the newest
   * data (data from before the drift describes the old behaviour; a year still covers every
   * season, as weather-dependent baselines need). The partial unique index still refuses a
   * duplicate; a cool-down (AUTO_RETRAIN_COOLDOWN_HOURS) stops retrain loops.
   */
  private async retrainByPolicy(
    version: ModelVersion,
    drift: Omit<VersionDriftCheck, 'current'>,
  ): Promise<TriggerResult | null> {
    if (!this.config.autoRetrain) return null;
    const since = new Date(Date.now() - this.config.autoRetrainCooldownHours * 3_600_000);
    if (await this.training.hasAutomaticJobSince(version.machine_id, version.model_type, since)) return null;
    const spec = version.hyperparameters as {
      interval?: 'hour' | 'day';
      features?: string[];
      energy_type?: string;
    };
    const newest = (await this.machines.dataSummary(version.machine_id)).energy.last;
    const trainedDays =
      version.training_data_start && version.training_data_end
        ? (version.training_data_end.getTime() - version.training_data_start.getTime()) / DAY_MS
        : MAX_RETRAIN_WINDOW_DAYS;
    const windowDays = Math.min(MAX_RETRAIN_WINDOW_DAYS, Math.max(14, Math.round(trainedDays)));
    const triggerType =
      drift.drift_type === 'concept_drift' || drift.drift_type === 'data_drift'
        ? 'drift_detected'
        : 'performance_degradation';
    const result = await this.training.trigger({
      machineId: version.machine_id,
      modelType: version.model_type,
      triggerType,
      reason: `automatic: ${drift.recommendation}`,
      triggeredBy: 'monitoring',
      hyperparameters: {
        ...(spec.interval ? { interval: spec.interval } : {}),
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.energy_type ? { energy_type: spec.energy_type } : {}),
        ...(newest
          ? { training_start: new Date(newest.getTime() + 1 - windowDays * DAY_MS).toISOString() }
          : {}),
      },
    });
    this.logger.log({ model_id: version.id, result }, 'automatic retraining');
    return result;
  }

  /**
   * The daily job: every active model evaluated on the whole days metered since its last
   * evaluation (or since the end of its training window).
   */
  async evaluateActiveModels(now = new Date()): Promise<{
    evaluated: number;
    skipped: number;
    failed: number;
    stale: number;
    errors: { model_id: string; error: string }[];
  }> {
    // Each model on its own: one that fails is recorded with its error and the others go on.
    const outcome = {
      evaluated: 0,
      skipped: 0,
      failed: 0,
      stale: 0,
      errors: [] as { model_id: string; error: string }[],
    };
    for (const version of await this.models.listActive()) {
      if (await this.raiseIfStale(version, now)) outcome.stale++;
      const from = (await this.metrics.lastEvaluatedUntil(version.id)) ?? version.training_data_end;
      const summary = await this.machines.dataSummary(version.machine_id);
      const until = summary.energy.last
        ? new Date(Math.min(now.getTime(), summary.energy.last.getTime() + 1))
        : null;
      if (!from || !until || until.getTime() - from.getTime() < DAY_MS) {
        outcome.skipped++;
        continue;
      }
      try {
        await this.evaluate(version, from, until, { createdBy: 'scheduler', retrain: true });
        outcome.evaluated++;
      } catch (error) {
        outcome.failed++;
        outcome.errors.push({
          model_id: version.id,
          error: error instanceof Error ? error.message : String(error),
        });
        this.logger.warn({ err: error, model_id: version.id }, 'evaluation failed');
      }
    }
    return outcome;
  }

  /**
   * evaluation_stale: an active model whose last evaluation (or activation, when it never had
   * one) is older than ALERT_STALE_EVALUATION_DAYS; usually no new readings arrive for it.
   */
  private async raiseIfStale(version: ModelVersion, now: Date): Promise<boolean> {
    const lastEvaluated = await this.metrics.lastEvaluationDate(version.id);
    const since = lastEvaluated ?? version.activated_at ?? version.created_at;
    const days = (now.getTime() - since.getTime()) / DAY_MS;
    const severity = severityFor('evaluation_stale', {
      days_since_evaluation: days,
      stale_after_days: this.alerts.staleEvaluationDays,
    });
    if (severity === 'normal') return false;
    await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'evaluation_stale',
      severity,
      message: `v${version.version} has not been evaluated for ${days.toFixed(1)} days`,
      model_id: version.id,
      model_version: version.version,
      current_value: days,
      threshold_value: this.alerts.staleEvaluationDays,
    });
    return true;
  }
}
