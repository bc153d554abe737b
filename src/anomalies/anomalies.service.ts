/**
 * The hourly anomaly job and its on-demand twin: score new readings with each machine's active
 * anomaly model and store the flagged intervals; energy managers mark flags as true or false
 * positives, and those verdicts give the model's precision in its evaluations.
 */
import { Injectable } from '@nestjs/common';
import { NoActiveVersionError, NotFoundError } from '../common/domain-error';
import { MachinesService } from '../machines/machines.service';
import { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import type { FannedOutWork, ItemOutcome } from '../scheduler/scheduled-job';
import { AnomaliesRepository, AnomalyFilter } from './anomalies.repository';
import { AnomalyVerdict } from './entities/anomaly.entity';

const HOUR_MS = 3_600_000;

@Injectable()
export class AnomaliesService implements FannedOutWork {
  constructor(
    private readonly anomalies: AnomaliesRepository,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly scoring: ModelScoringService,
  ) {}

  /** Scores [start, end) with the version and stores its flags; returns how many were new. */
  async detect(
    version: ModelVersion,
    start: Date,
    end: Date,
  ): Promise<{ scored: number; flagged: number; new_flags: number }> {
    const score = await this.scoring.scoreWindow(version, start, end);
    const flagged = score.scored.filter((row) => row.is_anomaly && row.anomaly_score != null);
    const newFlags = await this.anomalies.insertFlags(
      flagged.map((row) => ({
        machine_id: version.machine_id,
        model_id: version.id,
        model_version: version.version,
        time: row.time,
        local_time: row.start,
        energy_kwh: row.actual_kwh,
        expected_kwh: row.expected_kwh,
        score: row.anomaly_score!,
      })),
    );
    return { scored: score.scored.length, flagged: flagged.length, new_flags: newFlags };
  }

  /** On demand for a machine and window (historical data), with its active anomaly model. */
  async detectWindow(machineId: string, start: Date, end: Date) {
    await this.machines.get(machineId);
    const version = await this.models.findActive(machineId, 'anomaly');
    if (!version) throw new NoActiveVersionError('anomaly', machineId, 'machine_id');
    return {
      model_id: version.id,
      model_version: version.version,
      ...(await this.detect(version, start, end)),
    };
  }

  /** The hourly job's items: every active anomaly model. */
  listScheduledItems(): Promise<string[]> {
    return this.models.activeIds('anomaly');
  }

  /**
   * The hourly job, one model (a worker takes each): the hours metered since its newest flag or
   * the end of its training window, whichever is later. `now` is the tick's moment.
   */
  async runScheduledItem(modelId: string, now: Date): Promise<ItemOutcome> {
    const version = await this.models.get(modelId);
    // Superseded since the tick listed it: the version now active is another item (or the next tick's).
    if (version.status !== 'active') return { detected: 0, skipped: 1, scored: 0, new_flags: 0 };
    const last = await this.anomalies.lastFlagged(version.id);
    const from = new Date(
      Math.max(last ? last.getTime() + HOUR_MS : 0, version.training_data_end?.getTime() ?? 0),
    );
    const lastReading = await this.machines.lastEnergyReading(version.machine_id);
    const until = lastReading ? new Date(Math.min(now.getTime(), lastReading.getTime() + 1)) : null;
    if (!until || until.getTime() - from.getTime() < HOUR_MS)
      return { detected: 0, skipped: 1, scored: 0, new_flags: 0 };
    const result = await this.detect(version, from, until);
    return { detected: 1, skipped: 0, scored: result.scored, new_flags: result.new_flags };
  }

  list(filter: AnomalyFilter) {
    return this.anomalies.list(filter);
  }

  async feedback(id: string, verdict: AnomalyVerdict, notes: string | null, by: string) {
    if (!(await this.anomalies.findById(id))) throw new NotFoundError('anomaly', id, 'anomaly_id');
    await this.anomalies.setFeedback(id, verdict, notes, by);
    return this.anomalies.findById(id);
  }

  /** Precision from the verdicts on a model's flags in a window (null without any verdict). */
  async precision(modelId: string, start: Date, end: Date) {
    const counts = await this.anomalies.verdictCounts(modelId, start, end);
    const judged = counts.true_positives + counts.false_positives;
    return { ...counts, precision: judged > 0 ? counts.true_positives / judged : null };
  }
}
