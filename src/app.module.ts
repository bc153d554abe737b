import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ROOT_LOGGER, rootLogger } from './observability/request-log';
import { AppConfig } from './config/app.config';
import { CONFIGURATIONS } from './config/configurations';
import { DatabaseConfig } from './config/database.config';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { UndeclaredInputGuard } from './common/undeclared-input.guard';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MachinesModule } from './machines/machines.module';
import { DemoModule } from './demo/demo.module';
import { ModelsModule } from './models/models.module';
import { TrainingModule } from './training/training.module';
import { MetricsModule } from './metrics/metrics.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { AbTestsModule } from './ab-tests/ab-tests.module';
import { SavingsModule } from './savings/savings.module';
import { FleetModule } from './fleet/fleet.module';
import { AnomaliesModule } from './anomalies/anomalies.module';
import { ObservabilityModule } from './observability/observability.module';
import { AlertsModule } from './alerts/alerts.module';
import { UiModule } from './ui/ui.module';
import { SecurityModule } from './security/security.module';
import { AccessGuard } from './security/access.guard';
import { RateLimitGuard } from './security/rate-limit.guard';

export interface AppModuleOptions {
  databaseUrl: string;
  app: AppConfig;
  database: DatabaseConfig;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const logger = rootLogger(options.app.logLevel);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: CONFIGURATIONS,
        }),
        // Nest's and the services' logs; the request lines come from app.factory.ts (request-log.ts), so
        // nestjs-pino's per-request middleware is applied to no route.
        LoggerModule.forRoot({ forRoutes: [], pinoHttp: { logger } }),
        DatabaseModule.forRoot(options.databaseUrl, options.database),
        HealthModule,
        ObservabilityModule,
        MachinesModule,
        DemoModule,
        ModelsModule,
        TrainingModule,
        MetricsModule,
        MonitoringModule,
        AbTestsModule,
        SavingsModule,
        FleetModule,
        AnomaliesModule,
        SchedulerModule,
        AlertsModule,
        UiModule,
        SecurityModule,
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Guards run in this order: who is calling and may they, how often, with what input.
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: UndeclaredInputGuard },
      ],
    };
  }
}
