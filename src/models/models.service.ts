import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { trainingConfig } from '../config/training.config';
import { ModelType } from '../database/columns';
import { ModelVersion } from './entities/model-version.entity';
import { ModelsRepository } from './models.repository';

/** The validation figure that decides "no worse" per model type (lower is better). */
export function comparableError(
  version: Pick<ModelVersion, 'model_type' | 'validation_metrics'>,
): number | null {
  const metrics = version.validation_metrics ?? {};
  const value =
    version.model_type === 'baseline'
      ? metrics.cv_rmse_pct
      : version.model_type === 'anomaly'
        ? null
        : metrics.rmse;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelsRepository,
    @Inject(trainingConfig.KEY) private readonly config: ConfigType<typeof trainingConfig>,
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

  listActive(): Promise<ModelVersion[]> {
    return this.models.listActive();
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
    await this.models.transaction((manager) => this.models.activate(manager, version, activatedBy, reason));
    return this.get(id);
  }

  /**
   * Registers a newly trained version inside the caller's transaction and applies the activation
   * policy: `always`; `manual` (stays a candidate); `if_not_worse` (active when there is no active
   * version, or its validation error is no worse than the active one's; anomaly versions have no
   * comparable error without labels, so the newest becomes active).
   */
  async registerTrainedVersion(manager: EntityManager, values: Partial<ModelVersion>): Promise<ModelVersion> {
    const machineId = values.machine_id!;
    const modelType = values.model_type!;
    const version = await this.models.insertVersion(manager, {
      ...values,
      version: await this.models.nextVersion(manager, machineId, modelType),
      status: 'candidate',
    });
    const active = await this.models.findActive(machineId, modelType, manager);
    if (this.shouldActivate(version, active)) {
      await this.models.activate(
        manager,
        version,
        'training',
        active ? 'validation error no worse than the active version' : 'first version',
      );
      version.status = 'active';
    }
    return version;
  }

  private shouldActivate(candidate: ModelVersion, active: ModelVersion | null): boolean {
    switch (this.config.activationPolicy) {
      case 'always':
        return true;
      case 'manual':
        return false;
      case 'if_not_worse': {
        if (!active) return true;
        const mine = comparableError(candidate);
        const theirs = comparableError(active);
        return mine === null || theirs === null || mine <= theirs;
      }
    }
  }
}
