import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiNotFoundProblem } from '../common/api-errors';
import { ErrorCode } from '../common/error-codes';
import { InstantPipe } from '../common/instant.pipe';
import { SchedulerService } from './scheduler.service';

const JOB_PARAM = {
  name: 'job',
  description: 'A job GET /admin/scheduler lists',
  example: 'daily_evaluation',
} as const;

const UNKNOWN_JOB = { status: 404, description: 'Unknown job name (problem+json)' } as const;

/** What the items of a fanned-out tick look like while the workers take them. */
const PROGRESS_EXAMPLE = { items: 3, queued: 1, running: 1, done: 1, failed: 0, finished: false };

@ApiTags('admin')
@Controller('admin/scheduler')
export class SchedulerController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Get()
  @ApiOperation({
    summary: 'Scheduled jobs, their cron expressions and their last ticks',
    description:
      'Each tick names the replica that took it and its outcome. A fanned-out job (fanned_out: true: ' +
      'daily_evaluation, anomaly_detection, weekly_baseline_retrain) only enqueues one item per model ' +
      "(or machine) on that replica; its ticks carry the items' progress, and finished_at and the summed " +
      'outcome once the last item is done or failed.',
  })
  @ApiOkResponse({
    schema: {
      example: [
        {
          job: 'daily_evaluation',
          cron: '30 0 * * *',
          fanned_out: true,
          recent: [
            {
              tick: '2026-12-03T00:30:00.000Z',
              instance: 'api-1:42',
              started_at: '2026-12-03T00:30:00.012Z',
              finished_at: '2026-12-03T00:31:40.518Z',
              outcome: { items: 3, done: 2, failed: 1, evaluated: 2, skipped: 0, stale: 0 },
              progress: { items: 3, queued: 0, running: 0, done: 2, failed: 1, finished: true },
            },
          ],
        },
        {
          job: 'training_cleanup',
          cron: '15 * * * *',
          fanned_out: false,
          recent: [
            {
              tick: '2026-11-27T08:15:00.000Z',
              instance: 'api-1:42',
              started_at: '2026-11-27T08:15:00.004Z',
              finished_at: '2026-11-27T08:15:00.051Z',
              outcome: { requeued: [], failed: [] },
            },
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
        fanned_out: job.work.kind === 'fan_out',
        recent: await this.scheduler.history(job.name, 10),
      })),
    );
  }

  @Post(':job/run')
  @HttpCode(200)
  @ApiParam(JOB_PARAM)
  @ApiOperation({
    summary: 'Run a scheduled job now (a tick of its own)',
    description:
      'An inline job runs on this replica and the answer says what it did. A fanned-out job is only ' +
      "enqueued here (outcome.queued items, whatever this replica's APP_ROLE) and the workers take the " +
      'items: follow GET /admin/scheduler/{job}/ticks/{tick} until progress.finished.',
  })
  @ApiOkResponse({
    examples: {
      fanned_out: {
        summary: 'A fanned-out job: its items queued for the workers',
        value: {
          job: 'daily_evaluation',
          tick: '2026-12-03T09:12:44.310Z',
          ran: true,
          outcome: { queued: 3 },
          progress: { items: 3, queued: 3, running: 0, done: 0, failed: 0, finished: false },
        },
      },
      inline: {
        summary: 'An inline job: what it did',
        value: {
          job: 'training_cleanup',
          tick: '2026-11-27T08:20:13.000Z',
          ran: true,
          outcome: { requeued: [], failed: [] },
        },
      },
    },
  })
  @ApiResponse(UNKNOWN_JOB)
  run(@Param('job') job: string) {
    return this.scheduler.runNow(job);
  }

  @Get(':job/ticks/:tick')
  @ApiParam(JOB_PARAM)
  @ApiParam({
    name: 'tick',
    description: 'The tick (ISO 8601), as GET /admin/scheduler or POST .../run answered it',
    example: '2026-12-03T00:30:00.000Z',
  })
  @ApiOperation({
    summary: "One tick: its items' progress and the items that failed (with attempts and last error)",
    description:
      'progress.finished turns true when no item is queued or running; outcome then sums the counts ' +
      'the items reported. At most 50 failed items are listed; progress.failed counts them all. ' +
      'An unknown job or a tick never taken is a 404 problem (SCHEDULER.UNKNOWN_JOB, SCHEDULER.TICK_NOT_FOUND).',
  })
  @ApiOkResponse({
    schema: {
      example: {
        tick: '2026-12-03T00:30:00.000Z',
        instance: 'api-1:42',
        started_at: '2026-12-03T00:30:00.012Z',
        finished_at: null,
        outcome: null,
        progress: PROGRESS_EXAMPLE,
        failed_items: [
          {
            item: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11',
            attempts: 3,
            error: "TypeError: Cannot read properties of undefined (reading 'length')",
          },
        ],
      },
    },
  })
  @ApiBadRequestProblem('tick must be an ISO 8601 date-time', 'tick', {
    code: ErrorCode.REQUEST_INVALID_TIME,
    message: 'must be an ISO 8601 date-time, e.g. 2026-12-03T00:30:00.000Z',
  })
  @ApiNotFoundProblem('scheduler tick')
  tick(@Param('job') job: string, @Param('tick', new InstantPipe('tick')) tick: Date) {
    return this.scheduler.tickDetail(job, tick);
  }
}
