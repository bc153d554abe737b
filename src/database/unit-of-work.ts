/**
 * The one way to run a transaction. `run` opens it and carries its EntityManager through
 * AsyncLocalStorage, so every repository reached inside the callback (however deep) reads and
 * writes in it without a manager being passed down through services; a nested `run` joins the
 * outer transaction. Outside `run`, repositories use the pool (one statement, one transaction).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager of the transaction this call runs in, else the pool's. */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /**
   * The rows of one SELECT or INSERT ... RETURNING (UPDATE and DELETE: updateReturning). Outside a
   * transaction the statement goes to the pool directly: TypeORM's manager.query builds a query
   * runner, connects, broadcasts and releases around every statement, and on the hot requests that
   * cost more of the service's CPU than the statement (bench/README.md, "api"). A refusal is a
   * QueryFailedError either way, so the repositories' error mapping sees one kind.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const transaction = this.current.getStore();
    if (transaction) return transaction.query<T[]>(sql, parameters);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    try {
      return (await pool.query(sql, parameters)).rows as T[];
    } catch (error) {
      throw new QueryFailedError(sql, parameters, error as Error);
    }
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
