/**
 * Evaluation, the core of the monitoring loop: score a model version on what was metered, run
 * the drift tests, store the metrics row with the test details, then hand what it found to the
 * alert rules and, when the caller asks, to the retrain policy (drift -> trigger_type
 * drift_detected, Guideline 14 / error growth -> performance_degradation).
 */
import { Injectable } from '@nestjs/common';
import { BadInputError, NoActiveVersionError } from '../common/domain-error';
import { ErrorCode } from '../common/error-codes';
import { ModelType } from '../models/model-type';
import { DriftService, VersionDriftCheck } from '../drift/drift.service';
import { MachinesService } from '../machines/machines.service';
import type { PerformanceMetric } from '../metrics/entities/performance-metric.entity';
import { MetricsService } from '../metrics/metrics.service';
import type { ModelVersion } from '../models/entities/model-version.entity';
import { versionSpec } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import type { FannedOutWork, ItemOutcome } from '../scheduler/scheduled-job';
import type { TriggerResult } from '../training/training.service';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { AlertRulesService, DriftFindings } from './alert-rules.service';
import { RetrainPolicyService } from './retrain-policy.service';

const DAY_MS = 86_400_000;

export interface EvaluationOutcome {
  metric: PerformanceMetric;
  drift: DriftFindings;
  retraining: TriggerResult | null;
}

@Injectable()
export class EvaluationService implements FannedOutWork {
  constructor(
    private readonly metrics: MetricsService,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly drift: DriftService,
    private readonly anomalies: AnomaliesService,
    private readonly alertRules: AlertRulesService,
    private readonly retrainPolicy: RetrainPolicyService,
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
    return this.drift.check(version, start, end, { keep: false });
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
    const check = await this.drift.check(version, start, end, { keep: true });
    const { current, ...drift } = check;
    const machine = await this.machines.get(version.machine_id);
    const coverage = await this.machines.readingCoverage(
      machine,
      versionSpec(version).energy_type,
      start,
      end,
    );
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
      data_completeness: coverage.completeness,
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
    await this.alertRules.dataGap(version, metric);
    if (!drift.drift_detected) return { metric, drift, retraining: null };
    const alert = await this.alertRules.drift(version, metric, drift);
    const retraining = options.retrain ? await this.retrainPolicy.onDrift(version, drift) : null;
    // The automatic retraining is recorded on the drift alert that caused it.
    if (retraining)
      await this.alertRules.recordAction(alert.id, { type: 'auto_retrain', result: { ...retraining } });
    return { metric, drift, retraining };
  }

  /** The daily job's items: every active model. */
  listScheduledItems(): Promise<string[]> {
    return this.models.activeIds();
  }

  /**
   * The daily job, one model (a worker takes each): evaluated on the whole days metered since its
   * last evaluation (or since the end of its training window), and flagged when it has gone
   * unevaluated too long. `now` is the tick's moment.
   */
  async runScheduledItem(modelId: string, now: Date): Promise<ItemOutcome> {
    const version = await this.models.get(modelId);
    // Superseded since the tick listed it: the version now active is another item (or the next tick's).
    if (version.status !== 'active') return { evaluated: 0, skipped: 1, stale: 0 };
    const last = await this.metrics.lastEvaluation(version.id);
    const stale = (await this.alertRules.stale(version, last.at, now)) ? 1 : 0;
    const from = last.until ?? version.training_data_end;
    const lastReading = await this.machines.lastEnergyReading(version.machine_id);
    const until = lastReading ? new Date(Math.min(now.getTime(), lastReading.getTime() + 1)) : null;
    if (!from || !until || until.getTime() - from.getTime() < DAY_MS)
      return { evaluated: 0, skipped: 1, stale };
    await this.evaluate(version, from, until, { createdBy: 'scheduler', retrain: true });
    return { evaluated: 1, skipped: 0, stale };
  }
}
