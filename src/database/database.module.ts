import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../config/database.config';
import { dataSourceOptions } from './data-source-options';
import { MigrationFailedError, migrateUnderLock } from './migrate';
import { DATABASE_URL } from './database.tokens';
import { JobQueue } from './job-queue';
import { UnitOfWork } from './unit-of-work';

/**
 * TypeORM on the server chosen before startup (DATABASE_URL or the embedded one). Pending
 * migrations run here, under the advisory lock, before any module can touch a table.
 */
@Module({})
export class DatabaseModule {
  static forRoot(url: string, config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: DATABASE_URL, useValue: url }, UnitOfWork, JobQueue],
      exports: [DATABASE_URL, UnitOfWork, JobQueue],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions({
              url,
              poolSize: config.poolSize,
              statementTimeoutMs: config.statementTimeoutMs,
            }),
            // An unreachable server is worth waiting for; a failed migration would fail again.
            toRetry: (error: unknown) => !(error instanceof MigrationFailedError),
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (config.migrateOnStart) {
              const applied = await migrateUnderLock(dataSource);
              if (applied.length > 0) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
