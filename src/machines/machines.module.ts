import { Module } from '@nestjs/common';
import { MachinesController } from './machines.controller';
import { MachinesRepository } from './machines.repository';
import { MachinesService } from './machines.service';
import { ReadingsRepository } from './readings.repository';

@Module({
  controllers: [MachinesController],
  providers: [MachinesService, MachinesRepository, ReadingsRepository],
  exports: [MachinesService],
})
export class MachinesModule {}
