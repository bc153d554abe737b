import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { DriftService } from './drift.service';
import { ReferenceSamplesRepository } from './reference-samples.repository';

@Module({
  imports: [ModelsModule],
  providers: [DriftService, ReferenceSamplesRepository],
  exports: [DriftService],
})
export class DriftModule {}
