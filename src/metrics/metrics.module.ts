import { Module } from '@nestjs/common';
import { DriftModule } from '../drift/drift.module';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { DriftChecksController } from './drift-checks.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** model_performance_metrics: recorded metrics, the trend, past drift checks, and the store other modules write through. */
@Module({
  imports: [DriftModule, MachinesModule, ModelsModule],
  controllers: [MetricsController, DriftChecksController],
  providers: [MetricsService, MetricsRepository],
  exports: [MetricsService],
})
export class MetricsModule {}
