/**
 * When monitoring retrains on its own: on drift, when the caller asks for it, unless AUTO_RETRAIN
 * is off or an automatic job of the key ran within the cool-down (AUTO_RETRAIN_COOLDOWN_HOURS,
 * which stops retrain loops); and every week, the predecessor's scheduled baseline retraining of
 * every active machine (one item per machine, taken by the workers). Both keep what the version
 * they replace was pinned to. The partial unique index still refuses a duplicate job.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { monitoringConfig } from '../config/monitoring.config';
import { MachinesService } from '../machines/machines.service';
import type { ModelVersion } from '../models/entities/model-version.entity';
import { ModelsService } from '../models/models.service';
import type { FannedOutWork, ItemOutcome } from '../scheduler/scheduled-job';
import { TriggerResult, TrainingService } from '../training/training.service';
import type { DriftFindings } from './alert-rules.service';

const DAY_MS = 86_400_000;
const MAX_RETRAIN_WINDOW_DAYS = 365;
const MACHINE_PAGE = 500;

/** What a retrain keeps of the version it replaces: its interval, features and energy type. */
function keptSpec(version: ModelVersion | null): Record<string, unknown> {
  const spec = (version?.hyperparameters ?? {}) as {
    interval?: 'hour' | 'day';
    features?: string[];
    energy_type?: string;
  };
  return {
    ...(spec.interval ? { interval: spec.interval } : {}),
    ...(spec.features ? { features: spec.features } : {}),
    ...(spec.energy_type ? { energy_type: spec.energy_type } : {}),
  };
}

@Injectable()
export class RetrainPolicyService implements FannedOutWork {
  private readonly logger = new Logger(RetrainPolicyService.name);

  constructor(
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly training: TrainingService,
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
  ) {}

  /** The weekly job's items: every active machine. */
  async listScheduledItems(): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += MACHINE_PAGE) {
      const page = await this.machines.list({ is_active: true, limit: MACHINE_PAGE, offset });
      ids.push(...page.items.map((machine) => machine.id));
      if (offset + MACHINE_PAGE >= page.total) return ids;
    }
  }

  /** The weekly job, one machine (a worker takes each): a scheduled baseline retrain, below manual and drift jobs. */
  async runScheduledItem(machineId: string): Promise<ItemOutcome> {
    const active = await this.models.findActive(machineId, 'baseline');
    const outcome = await this.training.trigger({
      machineId,
      modelType: 'baseline',
      triggerType: 'scheduled',
      reason: 'weekly scheduled baseline retraining',
      triggeredBy: 'scheduler',
      hyperparameters: keptSpec(active),
    });
    return outcome.triggered
      ? { triggered: 1, already_in_progress: 0 }
      : { triggered: 0, already_in_progress: 1 };
  }

  /**
   * Retrains a drifted version, keeping its interval, features and energy type and moving its
   * training window, at most a year long, to the newest data (data from before the drift describes
   * the old behaviour; a year still covers every season, as weather-dependent baselines need).
   * Null when the policy holds it back.
   */
  async onDrift(version: ModelVersion, drift: DriftFindings): Promise<TriggerResult | null> {
    if (!this.config.autoRetrain) return null;
    const since = new Date(Date.now() - this.config.autoRetrainCooldownHours * 3_600_000);
    if (await this.training.hasAutomaticJobSince(version.machine_id, version.model_type, since)) return null;
    const newest = await this.machines.lastEnergyReading(version.machine_id);
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
        ...keptSpec(version),
        ...(newest
          ? { training_start: new Date(newest.getTime() + 1 - windowDays * DAY_MS).toISOString() }
          : {}),
      },
    });
    this.logger.log({ model_id: version.id, result }, 'automatic retraining');
    return result;
  }
}
