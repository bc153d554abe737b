import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { appConfig, AppConfig } from './config/app.config';
import { databaseConfig, DatabaseConfig } from './config/database.config';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MachinesModule } from './machines/machines.module';
import { DemoModule } from './demo/demo.module';
import { ObservabilityModule } from './observability/observability.module';

export interface AppModuleOptions {
  databaseUrl: string;
  app: AppConfig;
  database: DatabaseConfig;
}

/** Request ids: reuse the caller's X-Request-Id when it is sane, else a new UUID. */
function requestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig, databaseConfig] }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.app.logLevel,
            genReqId: requestId,
            customProps: () => ({ service: 'model-performance' }),
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
            autoLogging: { ignore: (request) => request.url === '/health/live' || request.url === '/metrics' },
          },
        }),
        DatabaseModule.forRoot(options.databaseUrl, options.database),
        HealthModule,
        ObservabilityModule,
        MachinesModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
