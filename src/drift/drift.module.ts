import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { DriftService } from './drift.service';

@Module({
  imports: [ModelsModule],
  providers: [DriftService],
  exports: [DriftService],
})
export class DriftModule {}
