import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SchedulerService } from './scheduler.service';

@ApiTags('admin')
@Controller('admin/scheduler')
export class SchedulerController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Get()
  @ApiOperation({
    summary: 'Scheduled jobs, their cron expressions and their last runs (which replica, outcome)',
  })
  @ApiOkResponse({
    schema: {
      example: [
        {
          job: 'training_cleanup',
          cron: '15 * * * *',
          recent: [
            { tick: '2026-11-27T08:15:00.000Z', instance: 'api-1:42', outcome: { requeued: [], failed: [] } },
          ],
        },
      ],
    },
  })
  async list() {
    return Promise.all(
      [...this.scheduler.jobs().values()].map(async (job) => ({
        job: job.name,
        cron: job.cron,
        recent: await this.scheduler.history(job.name, 10),
      })),
    );
  }

  @Post(':job/run')
  @HttpCode(200)
  @ApiParam({
    name: 'job',
    description: 'A job GET /admin/scheduler lists',
    example: 'training_cleanup',
  })
  @ApiOperation({ summary: 'Run a scheduled job now (once, on this replica) and return what it did' })
  @ApiOkResponse({
    schema: {
      example: {
        job: 'training_cleanup',
        tick: '2026-11-27T08:20:13.000Z',
        ran: true,
        outcome: { requeued: [], failed: [] },
      },
    },
  })
  @ApiResponse({ status: 404, description: 'Unknown job name (problem+json)' })
  run(@Param('job') job: string) {
    return this.scheduler.runNow(job);
  }
}
