import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { monitoringConfig } from '../config/monitoring.config';
import { DriftModule } from '../drift/drift.module';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { TrainingModule } from '../training/training.module';
import { AlertsModule } from '../alerts/alerts.module';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { DriftController } from './drift.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { MonitoringService } from './monitoring.service';

@Module({
  imports: [
    ConfigModule.forFeature(monitoringConfig),
    DriftModule,
    MachinesModule,
    ModelsModule,
    TrainingModule,
    AlertsModule,
    AnomaliesModule,
  ],
  controllers: [MetricsController, DriftController],
  providers: [MetricsService, MetricsRepository, MonitoringService],
  exports: [MetricsService, MonitoringService],
})
export class MetricsModule {}
