import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ScheduledWorkQueue } from './scheduled-work-queue';
import { ScheduledWorkRunner } from './scheduled-work.runner';
import { SchedulerController } from './scheduler.controller';
import { SchedulerMetrics } from './scheduler-metrics';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

/**
 * Fires the jobs the feature modules register (scheduled-job.ts), once per cluster per tick, and
 * takes the items of the fanned-out ones in worker processes.
 */
@Module({
  imports: [ScheduleModule.forRoot(), DiscoveryModule],
  controllers: [SchedulerController],
  providers: [
    SchedulerService,
    SchedulerRepository,
    ScheduledWorkQueue,
    ScheduledWorkRunner,
    SchedulerMetrics,
  ],
})
export class SchedulerModule {}
