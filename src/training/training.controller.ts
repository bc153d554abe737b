import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { Caller } from '../security/caller.decorator';
import { PredecessorContract } from '../common/predecessor-contract';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
import { UuidPipe } from '../common/uuid.pipe';
import {
  EventsQuery,
  ListJobsQuery,
  TrainingJobDto,
  TrainingJobPageDto,
  TriggerBody,
  TriggerQuery,
  TriggerResponseDto,
} from './dto/training.dto';
import { TrainingEvents } from './training-events';
import { TrainingService } from './training.service';

const jobIdParam = ApiParam({
  name: 'job_id',
  format: 'uuid',
  example: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
});

@ApiTags('training')
@Controller()
export class TrainingController {
  constructor(
    private readonly training: TrainingService,
    private readonly events: TrainingEvents,
  ) {}

  @PredecessorContract()
  @Post('retrain/trigger')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Trigger retraining (the predecessor contract)',
    description:
      'Queues a real training job for the machine and model type. A second trigger while a job is pending or running answers ' +
      '`triggered: false`, reason `Training already in progress`, `training_job_id: null` (a partial unique index decides). ' +
      'The optional JSON body pins the model spec; unpinned, defaults are chosen from the data (newest 90 days the machine has).',
  })
  @ApiBody({
    type: TriggerBody,
    required: false,
    examples: {
      pinned: {
        value: {
          hyperparameters: {
            interval: 'day',
            features: ['hdd_15_5'],
            training_start: '2013-01-01',
            training_end: '2014-12-31',
            validation_start: '2015-01-01',
            validation_end: '2015-12-31',
          },
        },
      },
      defaults: { value: {} },
    },
  })
  @ApiOkResponse({ type: TriggerResponseDto })
  @ApiStandardProblems()
  trigger(@Query() query: TriggerQuery, @Caller() caller: string, @Body() body: TriggerBody = {}) {
    return this.training.trigger({
      machineId: query.machine_id,
      modelType: query.model_type,
      triggerType: query.trigger_type,
      reason: query.reason ?? null,
      triggeredBy: caller,
      hyperparameters: body?.hyperparameters,
    });
  }

  @Get('training/jobs')
  @ApiOperation({ summary: 'Training jobs, newest first (filter by machine, model type, status, trigger)' })
  @ApiOkResponse({ type: TrainingJobPageDto })
  @ApiBadRequestProblem('Invalid request: training_status', 'training_status')
  list(@Query() query: ListJobsQuery) {
    return this.training.list(query);
  }

  @Sse('training/events')
  @ApiOperation({
    summary: 'Server-Sent Events: one `job` event per status or progress change of any training job',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'event: job\\ndata: {"id":"…","training_status":"running","progress":20,…}' })
  stream(@Query() query: EventsQuery): Observable<MessageEvent> {
    return this.events.stream(query.machine_id, query.model_type);
  }

  @Get('training/jobs/:job_id')
  @jobIdParam
  @ApiOperation({ summary: 'One training job with its spec, metrics and error' })
  @ApiOkResponse({ type: TrainingJobDto })
  @ApiStandardProblems('training job')
  get(@Param('job_id', new UuidPipe('job_id')) id: string) {
    return this.training.get(id);
  }

  @Post('training/jobs/:job_id/cancel')
  @HttpCode(200)
  @jobIdParam
  @ApiOperation({
    summary: 'Cancel a job: a pending job at once, a running one within one heartbeat (default 5 s)',
  })
  @ApiOkResponse({ type: TrainingJobDto })
  @ApiStandardProblems('training job')
  cancel(@Param('job_id', new UuidPipe('job_id')) id: string) {
    return this.training.cancel(id);
  }
}
