import { Module } from '@nestjs/common';
import { FleetController } from './fleet.controller';
import { FleetRepository } from './fleet.repository';
import { FleetService } from './fleet.service';

@Module({
  controllers: [FleetController],
  providers: [FleetService, FleetRepository],
})
export class FleetModule {}
