import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { monitoringConfig } from '../config/monitoring.config';
import { ModelsModule } from '../models/models.module';
import { DriftService } from './drift.service';

@Module({
  imports: [ConfigModule.forFeature(monitoringConfig), ModelsModule],
  providers: [DriftService],
  exports: [DriftService],
})
export class DriftModule {}
