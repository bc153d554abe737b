import { Injectable } from '@nestjs/common';
import { MachinesService } from '../machines/machines.service';
import { ModelsService } from '../models/models.service';
import { TrainingService } from '../training/training.service';

/** The predecessor's weekly job: scheduled baseline retraining of every active machine (keeping a pinned spec's interval and features). */
@Injectable()
export class WeeklyRetrainService {
  constructor(
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly training: TrainingService,
  ) {}

  /** Each machine on its own: one whose trigger fails is recorded with its error and the others go on. */
  async triggerAll(): Promise<{
    triggered: number;
    already_in_progress: number;
    machines: number;
    failed: number;
    errors: { machine_id: string; error: string }[];
  }> {
    const result = {
      triggered: 0,
      already_in_progress: 0,
      machines: 0,
      failed: 0,
      errors: [] as { machine_id: string; error: string }[],
    };
    for (let offset = 0; ; offset += 500) {
      const page = await this.machines.list({ is_active: true, limit: 500, offset });
      for (const machine of page.items) {
        result.machines++;
        try {
          await this.triggerOne(machine.id, result);
        } catch (error) {
          result.failed++;
          result.errors.push({
            machine_id: machine.id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      if (offset + 500 >= page.total) return result;
    }
  }

  private async triggerOne(
    machineId: string,
    result: { triggered: number; already_in_progress: number },
  ): Promise<void> {
    const active = await this.models.findActive(machineId, 'baseline');
    const spec = (active?.hyperparameters ?? {}) as {
      interval?: 'hour' | 'day';
      features?: string[];
      energy_type?: string;
    };
    const outcome = await this.training.trigger({
      machineId,
      modelType: 'baseline',
      triggerType: 'scheduled',
      reason: 'weekly scheduled baseline retraining',
      triggeredBy: 'scheduler',
      hyperparameters: {
        ...(spec.interval ? { interval: spec.interval } : {}),
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.energy_type ? { energy_type: spec.energy_type } : {}),
      },
    });
    if (outcome.triggered) result.triggered++;
    else result.already_in_progress++;
  }
}
