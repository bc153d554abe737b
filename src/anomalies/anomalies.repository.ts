/** SQL of flagged intervals: idempotent inserts, listing, verdicts, and verdict counts for precision. */
import { Injectable } from '@nestjs/common';
import { Anomaly, AnomalyVerdict } from './entities/anomaly.entity';
import { UnitOfWork } from '../database/unit-of-work';

export interface AnomalyFilter {
  machine_id?: string;
  model_id?: string;
  since?: Date;
  until?: Date;
  feedback?: AnomalyVerdict | 'none';
  limit: number;
  offset: number;
}

@Injectable()
export class AnomaliesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Inserts the flags of one scoring run; a flag already stored for the model and interval is kept. */
  async insertFlags(
    rows: Omit<
      Anomaly,
      'id' | 'detected_at' | 'feedback' | 'feedback_notes' | 'feedback_by' | 'feedback_at'
    >[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.uow.manager.query<unknown[]>(
      `INSERT INTO mps_anomalies (machine_id, model_id, model_version, time, local_time, energy_kwh, expected_kwh, score)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::float8[], $7::float8[], $8::float8[])
       ON CONFLICT (model_id, time) DO NOTHING RETURNING id`,
      [
        rows.map((row) => row.machine_id),
        rows.map((row) => row.model_id),
        rows.map((row) => row.model_version),
        rows.map((row) => row.time),
        rows.map((row) => row.local_time),
        rows.map((row) => row.energy_kwh),
        rows.map((row) => row.expected_kwh),
        rows.map((row) => row.score),
      ],
    );
    return inserted.length;
  }

  /** End of the newest interval this model has scored (its newest flag), or null. */
  async lastFlagged(modelId: string): Promise<Date | null> {
    const [row] = await this.uow.manager.query<{ last: Date | null }[]>(
      `SELECT max(time) AS last FROM mps_anomalies WHERE model_id = $1`,
      [modelId],
    );
    return row.last;
  }

  async list(filter: AnomalyFilter) {
    const query = this.uow.manager.createQueryBuilder(Anomaly, 'a');
    if (filter.machine_id) query.andWhere('a.machine_id = :machine', { machine: filter.machine_id });
    if (filter.model_id) query.andWhere('a.model_id = :model', { model: filter.model_id });
    if (filter.since) query.andWhere('a.time >= :since', { since: filter.since });
    if (filter.until) query.andWhere('a.time < :until', { until: filter.until });
    if (filter.feedback === 'none') query.andWhere('a.feedback IS NULL');
    else if (filter.feedback) query.andWhere('a.feedback = :feedback', { feedback: filter.feedback });
    const [items, total] = await query
      .orderBy('a.time', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  findById(id: string): Promise<Anomaly | null> {
    return this.uow.manager.findOneBy(Anomaly, { id });
  }

  async setFeedback(id: string, verdict: AnomalyVerdict, notes: string | null, by: string): Promise<void> {
    await this.uow.manager.query(
      `UPDATE mps_anomalies SET feedback = $2, feedback_notes = $3, feedback_by = $4, feedback_at = now() WHERE id = $1`,
      [id, verdict, notes, by],
    );
  }

  /** Verdicts on a model's flags in [start, end): the confirmed part of its precision. */
  async verdictCounts(
    modelId: string,
    start: Date,
    end: Date,
  ): Promise<{ true_positives: number; false_positives: number }> {
    const [row] = await this.uow.manager.query<{ tp: number; fp: number }[]>(
      `SELECT count(*) FILTER (WHERE feedback = 'true_positive')::int AS tp, count(*) FILTER (WHERE feedback = 'false_positive')::int AS fp
         FROM mps_anomalies WHERE model_id = $1 AND time >= $2 AND time < $3`,
      [modelId, start, end],
    );
    return { true_positives: row.tp, false_positives: row.fp };
  }
}
