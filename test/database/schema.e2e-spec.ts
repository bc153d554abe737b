/**
 * The migrations are the schema; the entities describe it. This test applies the real
 * migrations to an empty database and fails when the entities and the migrations disagree
 * (TypeORM's schema builder would issue any statement at all), and when a second run is not a no-op.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { migrateUnderLock } from '../../src/database/migrate';
import { freshDatabase } from '../support/fresh-database';

describe('schema: migrations vs entities', () => {
  let dataSource: DataSource;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('schema');
    dropDatabase = fresh.drop;
    dataSource = new DataSource(
      dataSourceOptions({ url: fresh.url, poolSize: 4, statementTimeoutMs: 60000 }),
    );
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase();
  });

  it('migrates an empty database to head, and a second run applies nothing', async () => {
    const first = await migrateUnderLock(dataSource);
    expect(first.length).toBeGreaterThan(0);
    const second = await migrateUnderLock(dataSource);
    expect(second).toEqual([]);
  });

  it('leaves TypeORM nothing to change: entities match the migrated tables', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    const statements = sql.upQueries.map((query) => query.query);
    expect(statements).toEqual([]);
  });

  it('maps every view column of the view entities to a column of the migrated view', async () => {
    for (const metadata of dataSource.entityMetadatas.filter((entity) => entity.tableType === 'view')) {
      const rows: { column_name: string }[] = await dataSource.query(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1',
        [metadata.tableName],
      );
      const inDatabase = rows.map((row) => row.column_name).sort();
      const inEntity = metadata.columns.map((column) => column.databaseName).sort();
      expect({ view: metadata.tableName, columns: inEntity }).toEqual({
        view: metadata.tableName,
        columns: inDatabase,
      });
    }
  });

  it('runs concurrent migrations from several replicas once (advisory lock)', async () => {
    const fresh = await freshDatabase('schema_race');
    const replicas = [1, 2, 3].map(
      () => new DataSource(dataSourceOptions({ url: fresh.url, poolSize: 2, statementTimeoutMs: 60000 })),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.initialize()));
      const applied = await Promise.all(replicas.map((replica) => migrateUnderLock(replica)));
      expect(applied.map((names) => names.length).sort()).toEqual([0, 0, applied.flat().length]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.destroy()));
      await fresh.drop();
    }
  });
});
