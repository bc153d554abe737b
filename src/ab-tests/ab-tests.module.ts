import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { scheduledJob } from '../scheduler/scheduled-job';
import { abTestsConfig } from '../config/ab-tests.config';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { AbTestsController } from './ab-tests.controller';
import { AbTestsRepository } from './ab-tests.repository';
import { AbTestsService } from './ab-tests.service';

@Module({
  imports: [MachinesModule, ModelsModule, MetricsModule],
  controllers: [AbTestsController],
  providers: [
    AbTestsService,
    AbTestsRepository,
    scheduledJob('ab_test_completion', AbTestsService, abTestsConfig, {
      cron: (config) => config.completionCron,
      run: (tests) => tests.completeDue(),
    }),
  ],
  exports: [AbTestsService],
})
export class AbTestsModule {}
