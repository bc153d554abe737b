import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { ModelsModule } from '../models/models.module';
import { SavingsController } from './savings.controller';
import { SavingsService } from './savings.service';

@Module({
  imports: [MachinesModule, ModelsModule],
  controllers: [SavingsController],
  providers: [SavingsService],
})
export class SavingsModule {}
