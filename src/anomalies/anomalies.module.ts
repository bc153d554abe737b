import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { AnomaliesController } from './anomalies.controller';
import { AnomaliesRepository } from './anomalies.repository';
import { AnomaliesService } from './anomalies.service';

@Module({
  imports: [MachinesModule, ModelsModule],
  controllers: [AnomaliesController],
  providers: [AnomaliesService, AnomaliesRepository],
  exports: [AnomaliesService],
})
export class AnomaliesModule {}
