import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ConfigModule } from '@nestjs/config';
import { abTestsConfig } from '../config/ab-tests.config';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { AbTestsController } from './ab-tests.controller';
import { AbTestsRepository } from './ab-tests.repository';
import { AbTestsService } from './ab-tests.service';

@Module({
  imports: [ConfigModule.forFeature(abTestsConfig), MachinesModule, ModelsModule, MetricsModule],
  controllers: [AbTestsController],
  providers: [AbTestsService, AbTestsRepository],
  exports: [AbTestsService],
})
export class AbTestsModule {}
