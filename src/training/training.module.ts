import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { trainingConfig } from '../config/training.config';
import { MachinesModule } from '../machines/machines.module';
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
  imports: [ConfigModule.forFeature(trainingConfig), MachinesModule, ModelsModule, AlertsModule],
  controllers: [TrainingController],
  providers: [
    TrainingService,
    TrainingRepository,
    TrainingQueue,
    TrainingRunner,
    TrainingCleanupService,
    TrainingEvents,
    FitPool,
  ],
  exports: [TrainingService, TrainingCleanupService, TrainingQueue],
})
export class TrainingModule {}
