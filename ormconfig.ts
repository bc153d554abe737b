// The TypeORM data source used by the CLI (`npm run typeorm -- migration:run`, `migration:show`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

const url = process.env.DATABASE_URL;
if (!url)
  throw new Error('Set DATABASE_URL to use the TypeORM CLI (the embedded server is started by `npm start`).');

export default new DataSource(
  dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 600000, applicationName: 'typeorm-cli' }),
);
