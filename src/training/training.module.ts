import { Module } from '@nestjs/common';
import { trainingConfig } from '../config/training.config';
import { scheduledJob } from '../scheduler/scheduled-job';
import { MachinesModule } from '../machines/machines.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { AlertsModule } from '../alerts/alerts.module';
import { FitPool } from './fit-pool';
import { TrainingCleanupService } from './training-cleanup.service';
import { TrainingEvents } from './training-events';
import { TrainingQueue } from './training-queue';
import { TrainingRunner } from './training-runner';
import { TrainingController } from './training.controller';
import { TrainingRepository } from './training.repository';
import { TrainingService } from './training.service';

@Module({
  imports: [MachinesModule, ModelsModule, MetricsModule, AlertsModule],
  controllers: [TrainingController],
  providers: [
    TrainingService,
    TrainingRepository,
    TrainingQueue,
    TrainingRunner,
    TrainingCleanupService,
    TrainingEvents,
    FitPool,
    scheduledJob('training_cleanup', TrainingCleanupService, trainingConfig, {
      cron: (config) => config.cleanupCron,
      run: (cleanup) => cleanup.recoverStuckJobs(),
    }),
  ],
  exports: [TrainingService, TrainingQueue, FitPool],
})
export class TrainingModule {}
