/**
 * UnitOfWork.query on a real PostgreSQL: outside a transaction it goes to the pool directly, inside
 * `run` through the transaction's connection, and a refused statement is a QueryFailedError with
 * PostgreSQL's error either way (the repositories map unique and foreign-key violations from it).
 */
import 'reflect-metadata';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { isUniqueViolation } from '../../src/database/driver-errors';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { freshDatabase } from '../support/fresh-database';

describe('UnitOfWork.query', () => {
  let dataSource: DataSource;
  let uow: UnitOfWork;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('uow');
    dropDatabase = fresh.drop;
    dataSource = new DataSource(dataSourceOptions({ url: fresh.url, poolSize: 2, statementTimeoutMs: 1000 }));
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE uow_probe (id int CONSTRAINT uq_uow_probe UNIQUE, note text)');
    uow = new UnitOfWork(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase();
  });

  it('answers the rows of a SELECT and of an INSERT ... RETURNING outside a transaction', async () => {
    expect(await uow.query('INSERT INTO uow_probe VALUES ($1, $2) RETURNING *', [1, 'one'])).toEqual([
      { id: 1, note: 'one' },
    ]);
    expect(await uow.query('SELECT note FROM uow_probe WHERE id = $1', [1])).toEqual([{ note: 'one' }]);
  });

  it('turns a refusal into a QueryFailedError carrying the driver error, outside and inside a transaction', async () => {
    const outside = await uow
      .query('INSERT INTO uow_probe VALUES (1, $1)', ['again'])
      .catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(outside, 'uq_uow_probe')).toBe(true);
    const inside = await uow
      .run(() => uow.query('INSERT INTO uow_probe VALUES (1, $1)', ['again']))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(inside, 'uq_uow_probe')).toBe(true);
  });

  it("a statement over the statement timeout is refused with the database's code (57014)", async () => {
    const timedOut = await uow.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(QueryFailedError);
    expect((timedOut as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('57014');
  });

  it('inside run uses the transaction: what it wrote is gone when the work throws', async () => {
    const failed = await uow
      .run(async () => {
        await uow.query('INSERT INTO uow_probe VALUES (2, $1) RETURNING id', ['rolled back']);
        expect(await uow.query('SELECT id FROM uow_probe WHERE id = 2')).toEqual([{ id: 2 }]);
        throw new Error('abandon');
      })
      .catch((e: unknown) => e);
    expect(failed).toEqual(new Error('abandon'));
    expect(await uow.query('SELECT id FROM uow_probe WHERE id = 2')).toEqual([]);
  });
});
