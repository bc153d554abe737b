import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NotFoundError } from '../common/domain-error';
import { modelsConfig } from '../config/models.config';
import { UnitOfWork } from '../database/unit-of-work';
import { ModelType } from './model-type';
import { DomainError } from '../common/domain-error';
import { ModelVersion } from './entities/model-version.entity';
import { ModelScoringService } from './model-scoring.service';
import { ModelsRepository } from './models.repository';

/** The error figure that decides "no worse" per model type (lower is better); null for anomaly models. */
export function comparisonMetric(modelType: ModelType): 'cv_rmse_pct' | 'rmse' | null {
  return modelType === 'baseline' ? 'cv_rmse_pct' : modelType === 'anomaly' ? null : 'rmse';
}

/** The validation figure that decides "no worse" per model type (lower is better). */
export function comparableError(
  version: Pick<ModelVersion, 'model_type' | 'validation_metrics'>,
): number | null {
  const metric = comparisonMetric(version.model_type);
  const value = metric === null ? null : version.validation_metrics?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The candidate's holdout, on which the active version is scored for the comparison. */
export interface HoldoutWindow {
  start: Date;
  end: Date;
}

/**
 * What the activation policy decided for a new version, stored in its validation_metrics under
 * `activation`: both versions' error on the candidate's holdout intervals and the verdict.
 */
export interface ActivationDecision {
  policy: string;
  activate: boolean;
  reason: string;
  /** Forecasts only: the version beats at least one seasonal-naive benchmark on its holdout. */
  beats_a_benchmark: boolean | null;
  metric: 'cv_rmse_pct' | 'rmse' | null;
  candidate_error: number | null;
  active: {
    model_id: string;
    version: number;
    /** The active version's error on the candidate's holdout intervals; null when it could not be scored. */
    error_on_candidate_holdout: number | null;
    /** Why it could not be scored, when it could not. */
    scoring_error?: string;
    /** The active version's training data reach into the holdout: the comparison favours it. */
    trained_on_holdout: boolean;
  } | null;
  holdout: { start: string; end: string } | null;
}

@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelsRepository,
    private readonly scoring: ModelScoringService,
    @Inject(modelsConfig.KEY) private readonly config: ConfigType<typeof modelsConfig>,
    private readonly uow: UnitOfWork,
  ) {}

  async get(id: string, field = 'model_id'): Promise<ModelVersion> {
    const version = await this.models.findById(id);
    if (!version) throw new NotFoundError('model', id, field);
    return version;
  }

  /** Whether a version of this id is in the registry (or the EnMS's baselines). */
  async exists(id: string): Promise<boolean> {
    return (await this.models.findById(id)) !== null;
  }

  findActive(machineId: string, modelType: ModelType): Promise<ModelVersion | null> {
    return this.models.findActive(machineId, modelType);
  }

  /** The ids of the active versions (of one model type, or all). */
  activeIds(modelType?: ModelType): Promise<string[]> {
    return this.models.activeIds(modelType);
  }

  listVersions(machineId: string, modelType: ModelType, limit: number, offset: number) {
    return this.models.listVersions(machineId, modelType, limit, offset);
  }

  history(machineId: string, modelType: ModelType) {
    return this.models.activationHistory(machineId, modelType);
  }

  /** Activates a version (also how a rollback is done: activate an older version). */
  async activate(id: string, activatedBy: string, reason: string): Promise<ModelVersion> {
    const version = await this.get(id);
    await this.uow.run(() => this.models.activate(version, activatedBy, reason));
    return this.get(id);
  }

  /**
   * Registers a newly trained version inside the caller's unit of work and applies the activation
   * policy: `always`; `manual` (stays a candidate); `if_not_worse` (active when there is no active
   * version, or its holdout error is no worse than the active version's error on the same holdout
   * intervals: the active version is scored on the candidate's holdout, forecasts from the same
   * origin over the same horizon; anomaly versions have no comparable error without labels, so the
   * newest becomes active). Under every policy, a forecast that beats no seasonal-naive benchmark on
   * its holdout stays a candidate. The decision with both figures is stored in the version's
   * validation_metrics (`activation`) and the activation's reason.
   */
  async registerTrainedVersion(
    values: Partial<ModelVersion>,
    holdout: HoldoutWindow | null = null,
  ): Promise<ModelVersion> {
    const machineId = values.machine_id!;
    const modelType = values.model_type!;
    const active = await this.models.findActive(machineId, modelType);
    const decision = await this.decide(values, active, holdout);
    const version = await this.models.insertVersion({
      ...values,
      validation_metrics: { ...(values.validation_metrics ?? {}), activation: decision },
      version: await this.models.nextVersion(machineId, modelType),
      status: 'candidate',
    });
    if (decision.activate) {
      await this.models.activate(version, 'training', decision.reason);
      version.status = 'active';
    }
    return version;
  }

  private async decide(
    candidate: Partial<ModelVersion>,
    active: ModelVersion | null,
    holdout: HoldoutWindow | null,
  ): Promise<ActivationDecision> {
    const policy = this.config.activationPolicy;
    const modelType = candidate.model_type!;
    const metric = comparisonMetric(modelType);
    const validation = candidate.validation_metrics ?? {};
    const forecast = modelType === 'forecast_arima' || modelType === 'forecast_prophet';
    const beats = forecast ? validation.beats_any_benchmark === true : null;
    const mine = comparableError({ model_type: modelType, validation_metrics: validation });
    const base = {
      policy,
      beats_a_benchmark: beats,
      metric,
      candidate_error: mine,
      active: null,
      holdout: holdout ? { start: holdout.start.toISOString(), end: holdout.end.toISOString() } : null,
    };
    if (beats === false) {
      const verdict = typeof validation.verdict === 'string' ? validation.verdict : 'no benchmark beaten';
      return {
        ...base,
        activate: false,
        reason: `stays a candidate: it beats no seasonal-naive benchmark (${verdict})`,
      };
    }
    switch (policy) {
      case 'always':
        return { ...base, activate: true, reason: 'activation policy always' };
      case 'manual':
        return { ...base, activate: false, reason: 'activation policy manual: an admin activates versions' };
      case 'if_not_worse':
        break;
    }
    if (!active) return { ...base, activate: true, reason: 'first version' };
    if (metric === null || mine === null) {
      return {
        ...base,
        activate: true,
        reason: 'no comparable error (anomaly model): the newest version becomes active',
      };
    }
    const theirs = await this.errorOnHoldout(active, metric, holdout);
    const activeFacts = {
      model_id: active.id,
      version: active.version,
      error_on_candidate_holdout: theirs.error,
      ...(theirs.problem ? { scoring_error: theirs.problem } : {}),
      trained_on_holdout:
        holdout !== null && active.training_data_end !== null && active.training_data_end > holdout.start,
    };
    if (theirs.error === null) {
      return {
        ...base,
        active: activeFacts,
        activate: true,
        reason: `active version ${active.version} could not be scored on the holdout (${theirs.problem}); the new version replaces it`,
      };
    }
    const figures = `${metric} ${round(mine)} against ${round(theirs.error)} for version ${active.version} on the same holdout intervals`;
    return mine <= theirs.error
      ? {
          ...base,
          active: activeFacts,
          activate: true,
          reason: `no worse than the active version: ${figures}`,
        }
      : {
          ...base,
          active: activeFacts,
          activate: false,
          reason: `worse than the active version: ${figures}`,
        };
  }

  /** The active version's error on the candidate's holdout (forecasts: one origin at its start). */
  private async errorOnHoldout(
    active: ModelVersion,
    metric: 'cv_rmse_pct' | 'rmse',
    holdout: HoldoutWindow | null,
  ): Promise<{ error: number | null; problem?: string }> {
    if (holdout === null) return { error: null, problem: 'the candidate has no holdout window' };
    try {
      const score = await this.scoring.scoreWindow(active, holdout.start, holdout.end, { horizon: 'window' });
      const value = score.metrics?.[metric];
      return typeof value === 'number' && Number.isFinite(value)
        ? { error: value }
        : { error: null, problem: `no ${metric} on the holdout` };
    } catch (error) {
      if (error instanceof DomainError) return { error: null, problem: error.message };
      throw error;
    }
  }
}

const round = (value: number) => Number(value.toPrecision(4));
