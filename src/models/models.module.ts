import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';
import { ModelScoringService } from './model-scoring.service';

@Module({
  imports: [MachinesModule],
  controllers: [ModelsController],
  providers: [ModelsService, ModelsRepository, ModelScoringService],
  exports: [ModelsService, ModelScoringService],
})
export class ModelsModule {}
