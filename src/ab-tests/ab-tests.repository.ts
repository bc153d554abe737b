/** SQL of A/B tests; "one running test per machine and model type" is the partial unique index uq_ab_one_running. */
import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/domain-error';
import { isUniqueViolation } from '../database/driver-errors';
import { ModelType } from '../models/model-type';
import { ActiveAbTestView } from './entities/active-ab-test.view';
import { AbTest, AbTestStatus } from './entities/ab-test.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { ErrorCode } from '../common/error-codes';

export const ONE_RUNNING_TEST_INDEX = 'uq_ab_one_running';

export interface AbTestFilter {
  machine_id?: string;
  model_type?: ModelType;
  test_status?: AbTestStatus;
  limit: number;
  offset: number;
}

@Injectable()
export class AbTestsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** A new running test; a second running test of the machine's model type is a conflict. */
  async insertRunning(values: Partial<AbTest>): Promise<AbTest> {
    const manager = this.uow.manager;
    try {
      return await manager.save(AbTest, manager.create(AbTest, { ...values, test_status: 'running' }));
    } catch (error) {
      if (isUniqueViolation(error, ONE_RUNNING_TEST_INDEX)) {
        throw new ConflictError(
          ErrorCode.AB_TEST_ALREADY_RUNNING,
          `an A/B test of this machine's ${values.model_type} model is already running`,
        );
      }
      throw error;
    }
  }

  findById(id: string): Promise<AbTest | null> {
    return this.uow.manager.findOneBy(AbTest, { id });
  }

  async list(filter: AbTestFilter) {
    const { limit, offset, ...where } = filter;
    const [items, total] = await this.uow.manager.findAndCount(AbTest, {
      where: Object.fromEntries(Object.entries(where).filter(([, value]) => value !== undefined)),
      order: { created_at: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  active(): Promise<ActiveAbTestView[]> {
    return this.uow.manager.find(ActiveAbTestView, { order: { test_start: 'DESC' } });
  }

  runningFor(machineId: string, modelType: ModelType): Promise<AbTest | null> {
    return this.uow.manager.findOneBy(AbTest, {
      machine_id: machineId,
      model_type: modelType,
      test_status: 'running',
    });
  }

  /** Running tests whose end has passed, the longest-ended first. */
  dueForCompletion(now: Date): Promise<AbTest[]> {
    return this.uow.manager
      .createQueryBuilder(AbTest, 't')
      .where(`t.test_status = 'running' AND t.test_end <= :now`, { now })
      .orderBy('t.test_end', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
  }

  /** Updates a test only while it is in one of `from` (the state decides, not an earlier read). */
  async transition(
    id: string,
    from: AbTestStatus[],
    values: Partial<Omit<AbTest, 'model_a_metrics' | 'model_b_metrics' | 'metadata'>> & {
      model_a_metrics?: object;
      model_b_metrics?: object;
      metadata?: object;
    },
  ): Promise<boolean> {
    const result = await this.uow.manager
      .createQueryBuilder()
      .update(AbTest)
      .set(values as never)
      .where('id = :id AND test_status IN (:...from)', { id, from })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /**
   * Records a decision on a test not decided yet (running, or completed by the scheduler without
   * one). The row lock and the `decision IS NULL` re-check make concurrent decisions exclusive:
   * the second waits for the first to commit and then matches no row.
   */
  async decide(
    id: string,
    values: Pick<AbTest, 'decision' | 'decision_notes' | 'decided_by' | 'decided_at'> &
      Partial<Pick<AbTest, 'winner_model_id' | 'winner_declared_at'>>,
  ): Promise<boolean> {
    const result = await this.uow.manager
      .createQueryBuilder()
      .update(AbTest)
      .set({ ...values, test_status: 'completed' })
      .where(`id = :id AND test_status IN ('running', 'completed') AND decision IS NULL`, { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}
