import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { monitoringConfig } from '../config/monitoring.config';
import { abTestsConfig } from '../config/ab-tests.config';
import { AbTestsModule } from '../ab-tests/ab-tests.module';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { trainingConfig } from '../config/training.config';
import { MachinesModule } from '../machines/machines.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { TrainingModule } from '../training/training.module';
import { SchedulerController } from './scheduler.controller';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';
import { WeeklyRetrainService } from './weekly-retrain.service';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    ConfigModule.forFeature(trainingConfig),
    ConfigModule.forFeature(monitoringConfig),
    ConfigModule.forFeature(abTestsConfig),
    AbTestsModule,
    AnomaliesModule,
    MachinesModule,
    ModelsModule,
    TrainingModule,
    MetricsModule,
  ],
  controllers: [SchedulerController],
  providers: [SchedulerService, SchedulerRepository, WeeklyRetrainService],
})
export class SchedulerModule {}
