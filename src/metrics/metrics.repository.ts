/** SQL of model_performance_metrics: insert, trend rows, drift checks, the latest evaluation of a version. */
import { Injectable } from '@nestjs/common';
import { ModelType } from '../models/model-type';
import { PerformanceMetric } from './entities/performance-metric.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { insertRow } from '../database/plain-rows';

@Injectable()
export class MetricsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  insert(values: Partial<PerformanceMetric>): Promise<PerformanceMetric> {
    return insertRow(this.uow, PerformanceMetric, values);
  }

  /** Rows of a machine's model type evaluated since `since`, oldest metered window first. */
  trend(machineId: string, modelType: ModelType, since: Date): Promise<PerformanceMetric[]> {
    return this.uow.manager
      .createQueryBuilder(PerformanceMetric, 'm')
      .where('m.machine_id = :machineId AND m.model_type = :modelType AND m.evaluation_date >= :since', {
        machineId,
        modelType,
        since,
      })
      .orderBy('m.evaluation_end', 'ASC')
      .addOrderBy('m.evaluation_date', 'ASC')
      .limit(5000)
      .getMany();
  }

  /** The newest `limit` rows of a machine's model type that stored their drift tests, newest first. */
  driftChecks(machineId: string, modelType: ModelType, limit: number): Promise<PerformanceMetric[]> {
    return this.uow.manager
      .createQueryBuilder(PerformanceMetric, 'm')
      .where('m.machine_id = :machineId AND m.model_type = :modelType', { machineId, modelType })
      .andWhere("jsonb_typeof(m.metadata -> 'tests') = 'array'")
      .orderBy('m.evaluation_date', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Mean R², RMSE and MAE of the rows recorded for a model between two evaluation dates, and their count. */
  async recordedAverages(
    modelId: string,
    from: Date,
    until: Date,
  ): Promise<{ r_squared: number | null; rmse: number | null; mae: number | null; sample_count: number }> {
    const [row] = await this.uow.manager.query<
      { r_squared: number | null; rmse: number | null; mae: number | null; sample_count: number }[]
    >(
      `SELECT avg(r_squared)::float8 AS r_squared, avg(rmse)::float8 AS rmse, avg(mae)::float8 AS mae,
              count(*)::int AS sample_count
         FROM model_performance_metrics
        WHERE model_id = $1 AND evaluation_date >= $2 AND evaluation_date <= $3`,
      [modelId, from, until],
    );
    return row;
  }

  /** When this version was last evaluated and the end of the newest window (evaluations only, not holdouts). */
  async lastEvaluation(modelId: string): Promise<{ at: Date | null; until: Date | null }> {
    const [row] = await this.uow.manager.query<{ at: Date | null; until: Date | null }[]>(
      `SELECT max(evaluation_date) AS at, max(evaluation_end) AS until
         FROM model_performance_metrics WHERE model_id = $1 AND source = 'evaluation'`,
      [modelId],
    );
    return row;
  }
}
