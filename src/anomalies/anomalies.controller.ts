import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, recordedName } from '../security/caller.decorator';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
import { UuidPipe } from '../common/uuid.pipe';
import { parseWindow } from '../common/time-window';
import { AnomaliesService } from './anomalies.service';
import {
  AnomalyDto,
  AnomalyPageDto,
  DetectQuery,
  FeedbackDto,
  ListAnomaliesQuery,
} from './dto/anomalies.dto';

@ApiTags('anomalies')
@Controller('anomalies')
export class AnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Get()
  @ApiOperation({ summary: 'Flagged intervals, newest first (filter by machine, model, window, verdict)' })
  @ApiOkResponse({ type: AnomalyPageDto })
  @ApiBadRequestProblem('Invalid request: since', 'since')
  list(@Query() query: ListAnomaliesQuery) {
    return this.anomalies.list({
      ...query,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    });
  }

  @Post('detect')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Score a window with the machine's active anomaly model and store its flags (the hourly job does this for new readings)",
  })
  @ApiOkResponse({
    schema: { example: { model_id: '…', model_version: 1, scored: 744, flagged: 3, new_flags: 3 } },
  })
  @ApiStandardProblems()
  detect(@Query() query: DetectQuery) {
    const { start, end } = parseWindow(query.start, query.end, ['start', 'end']);
    return this.anomalies.detectWindow(query.machine_id, start, end);
  }

  @Post(':anomaly_id/feedback')
  @HttpCode(200)
  @ApiParam({ name: 'anomaly_id', format: 'uuid' })
  @ApiOperation({
    summary:
      'Mark a flag as a true or false positive; the verdicts give the anomaly model its precision in evaluations',
  })
  @ApiOkResponse({ type: AnomalyDto, description: 'The flag with its verdict' })
  @ApiStandardProblems('anomaly')
  feedback(
    @Param('anomaly_id', new UuidPipe('anomaly_id')) id: string,
    @Body() body: FeedbackDto,
    @Caller() caller: string,
  ) {
    return this.anomalies.feedback(id, body.verdict, body.notes ?? null, recordedName(caller, body.by));
  }
}
