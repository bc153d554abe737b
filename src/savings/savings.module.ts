import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { TrainingModule } from '../training/training.module';
import { SavingsController } from './savings.controller';
import { SavingsService } from './savings.service';
import { TariffsRepository } from './tariffs.repository';

@Module({
  imports: [MachinesModule, ModelsModule, TrainingModule],
  controllers: [SavingsController],
  providers: [SavingsService, TariffsRepository],
})
export class SavingsModule {}
