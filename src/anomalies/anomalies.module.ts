import { Module } from '@nestjs/common';
import { monitoringConfig } from '../config/monitoring.config';
import { scheduledJob } from '../scheduler/scheduled-job';
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
    scheduledJob('anomaly_detection', AnomaliesService, monitoringConfig, {
      cron: (config) => config.anomalyDetectionCron,
      run: (anomalies) => anomalies.detectNew(),
    }),
  ],
  exports: [AnomaliesService],
})
export class AnomaliesModule {}
