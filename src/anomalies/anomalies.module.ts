import { Module } from '@nestjs/common';
import { monitoringConfig } from '../config/monitoring.config';
import { fannedOutJob } from '../scheduler/scheduled-job';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { AnomaliesController } from './anomalies.controller';
import { AnomaliesRepository } from './anomalies.repository';
import { AnomaliesService } from './anomalies.service';

@Module({
  imports: [MachinesModule, ModelsModule],
  controllers: [AnomaliesController],
  providers: [
    AnomaliesService,
    AnomaliesRepository,
    fannedOutJob(
      'anomaly_detection',
      AnomaliesService,
      monitoringConfig,
      (config) => config.anomalyDetectionCron,
    ),
  ],
  exports: [AnomaliesService],
})
export class AnomaliesModule {}
