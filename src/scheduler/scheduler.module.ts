import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { SchedulerController } from './scheduler.controller';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

/** Fires the jobs the feature modules register (scheduled-job.ts), once per cluster per tick. */
@Module({
  imports: [ScheduleModule.forRoot(), DiscoveryModule],
  controllers: [SchedulerController],
  providers: [SchedulerService, SchedulerRepository],
})
export class SchedulerModule {}
