/**
 * The one way to run a transaction. `run` opens it and carries its EntityManager through
 * AsyncLocalStorage, so every repository reached inside the callback (however deep) reads and
 * writes in it without a manager being passed down through services; a nested `run` joins the
 * outer transaction. Outside `run`, repositories use the pool (one statement, one transaction).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager of the transaction this call runs in, else the pool's. */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /** TypeORM answers UPDATE ... RETURNING with [rows, rowCount]; this returns the rows. */
  async updateReturning<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const [rows] = await this.manager.query<[T[], number]>(sql, parameters);
    return rows;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.dataSource.transaction((manager) => this.current.run(manager, work));
  }

  /** `run` with the transaction's own pg client, for what only the driver offers (COPY FROM STDIN). */
  withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.run(async () => work((await this.manager.queryRunner!.connect()) as PoolClient));
  }
}
