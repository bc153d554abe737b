/** SQL of A/B tests; "one running test per machine and model type" is the partial unique index uq_ab_one_running. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ModelType } from '../database/columns';
import { ActiveAbTestView } from './entities/active-ab-test.view';
import { AbTest, AbTestStatus } from './entities/ab-test.entity';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(values: Partial<AbTest>): Promise<AbTest> {
    const manager = this.dataSource.manager;
    return manager.save(AbTest, manager.create(AbTest, values));
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<AbTest | null> {
    return manager.findOneBy(AbTest, { id });
  }

  async list(filter: AbTestFilter) {
    const { limit, offset, ...where } = filter;
    const [items, total] = await this.dataSource.manager.findAndCount(AbTest, {
      where: Object.fromEntries(Object.entries(where).filter(([, value]) => value !== undefined)),
      order: { created_at: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  active(): Promise<ActiveAbTestView[]> {
    return this.dataSource.manager.find(ActiveAbTestView, { order: { test_start: 'DESC' } });
  }

  runningFor(machineId: string, modelType: ModelType): Promise<AbTest | null> {
    return this.dataSource.manager.findOneBy(AbTest, {
      machine_id: machineId,
      model_type: modelType,
      test_status: 'running',
    });
  }

  /** Running tests whose end has passed, the longest-ended first. */
  dueForCompletion(now: Date): Promise<AbTest[]> {
    return this.dataSource.manager
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
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .update(AbTest)
      .set(values as never)
      .where('id = :id AND test_status IN (:...from)', { id, from })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
