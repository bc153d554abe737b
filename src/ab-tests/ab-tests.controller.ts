import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, recordedName } from '../security/caller.decorator';
import { PredecessorContract } from '../common/predecessor-contract';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiConflictProblem, ApiStandardProblems } from '../common/api-errors';
import {
  ApiExportResponse,
  Export,
  ExportChannel,
  CSV_FORMATS,
  exportName,
  localDays,
} from '../common/export-format';
import { MachinesService } from '../machines/machines.service';
import { UuidPipe } from '../common/uuid.pipe';
import { parseWindow } from '../common/time-window';
import { AbTestsService } from './ab-tests.service';
import { predictionsCsv } from './predictions.csv';
import {
  AbTestDto,
  AbTestPageDto,
  AbTestResultsDto,
  ConcludeAbTestDto,
  ListAbTestsQuery,
  PredictionsDto,
  PredictionsQuery,
  StartAbTestQuery,
  StartAbTestResponseDto,
} from './dto/ab-tests.dto';
import { ErrorCode } from '../common/error-codes';

const testIdParam = ApiParam({ name: 'test_id', format: 'uuid' });
const unusableWindow = ApiResponse({
  status: 422,
  description:
    'The test could never compare the versions: its window has ended with fewer than 3 metered intervals outside both training windows (AB_TEST.NO_UNSEEN_DATA), or the versions cannot be scored on later windows (AB_TEST.UNSCORABLE)',
  content: {
    'application/problem+json': {
      example: {
        type: 'https://enms.example/problems/ab-test-no-unseen-data',
        title: 'Unprocessable Entity',
        status: 422,
        code: ErrorCode.AB_TEST_NO_UNSEEN_DATA,
        detail:
          'the test window 2016-01-01T00:00:00.000Z .. 2016-01-02T00:00:00.000Z has ended and holds 0 metered intervals both versions can be scored on outside their training windows (v1 trained on 2013-01-01T00:00:00.000Z .. 2016-01-01T00:00:00.000Z, v2 on 2015-01-01T00:00:00.000Z .. 2016-01-01T00:00:00.000Z; metered data ends 2015-12-31T23:00:00.000Z); at least 3 are needed: choose a window after both training windows and within the metered data',
        errors: [
          { field: 'duration_hours', message: 'the window holds 0 usable intervals, at least 3 needed' },
        ],
      },
    },
  },
});
const EXAMPLE_TEST = {
  id: '3f2b…',
  test_name: 'HDD vs intercept',
  model_type: 'baseline',
  machine_id: '5b0f…',
  model_a_id: '0d7f…',
  model_a_version: 1,
  model_b_id: '9c1e…',
  model_b_version: 2,
  test_start: '2015-01-01T00:00:00.000Z',
  test_end: '2016-01-01T00:00:00.000Z',
  test_status: 'running',
  traffic_split_a: 0.5,
  traffic_split_b: 0.5,
  confidence_level: 0.95,
  winner_model_id: null,
  decision: null,
};

@ApiTags('ab-tests')
@Controller()
export class AbTestsController {
  constructor(
    private readonly tests: AbTestsService,
    private readonly machines: MachinesService,
  ) {}

  @PredecessorContract()
  @Post('ab-test/start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start an A/B test of two versions (the predecessor contract)',
    description:
      'Both ids must be versions of the machine and model type; the split must sum to 1; one running test per machine and model type (409). ' +
      'Without test_start the test starts where both versions can be scored on metered data neither was trained on: at the later end of ' +
      'their two training windows (historical data is compared at once), and lasts duration_hours. Intervals inside either training ' +
      'window are never compared. A window that has already ended with fewer than 3 usable intervals is refused (422, saying why).',
  })
  @ApiOkResponse({ type: StartAbTestResponseDto })
  @ApiStandardProblems('model')
  @unusableWindow
  @ApiConflictProblem(
    ErrorCode.AB_TEST_ALREADY_RUNNING,
    "an A/B test of this machine's baseline model is already running",
  )
  start(@Query() query: StartAbTestQuery, @Caller() caller: string) {
    return this.tests.start({ ...query, created_by: caller });
  }

  @PredecessorContract()
  @Get('ab-test/:test_id/results')
  @testIdParam
  @ApiOperation({
    summary: 'Results of an A/B test (the predecessor contract, with the statistics)',
    description:
      'Paired design: both versions scored on the same metered intervals from test_start on, leaving out those inside either training ' +
      'window. The primary test is Diebold-Mariano on squared errors with a Newey-West long-run variance (baseline errors are ' +
      'autocorrelated); winner is model_a or model_b only when it is significant at the test confidence level and, while the test runs, ' +
      'with at least min_samples pairs; once test_end has passed the test decides on what it has (no_winner with no_winner_reason ' +
      'otherwise). confidence = 1 - its p-value. Paired t and Wilcoxon p-values (with a caveat when the pairs are autocorrelated), the ' +
      'lag-1 autocorrelations and the CI of the mean absolute-error difference are reported beside it.',
  })
  @ApiOkResponse({ type: AbTestResultsDto })
  @ApiStandardProblems('A/B test')
  results(@Param('test_id', new UuidPipe('test_id')) id: string) {
    return this.tests.results(id);
  }

  @Get('ab-tests')
  @ApiOperation({ summary: 'A/B tests, newest first (filter by machine, model type, status)' })
  @ApiOkResponse({ type: AbTestPageDto })
  @ApiStandardProblems()
  list(@Query() query: ListAbTestsQuery) {
    return this.tests.list(query);
  }

  @Get('ab-tests/active')
  @ApiOperation({ summary: 'Running A/B tests with machine name and hours running (view v_active_ab_tests)' })
  @ApiOkResponse({
    schema: {
      example: [{ ...EXAMPLE_TEST, machine_name: 'Building b40 gas boiler', test_duration_hours: 2.5 }],
    },
  })
  active() {
    return this.tests.active();
  }

  @Get('ab-tests/:test_id')
  @testIdParam
  @ApiOperation({ summary: 'One A/B test' })
  @ApiOkResponse({ type: AbTestDto })
  @ApiStandardProblems('A/B test')
  get(@Param('test_id', new UuidPipe('test_id')) id: string) {
    return this.tests.get(id);
  }

  @Post('ab-tests/:test_id/cancel')
  @HttpCode(200)
  @testIdParam
  @ApiOperation({ summary: 'Cancel a running A/B test' })
  @ApiOkResponse({ type: AbTestDto, description: "The test, test_status 'cancelled'" })
  @ApiStandardProblems('A/B test')
  @ApiConflictProblem(ErrorCode.AB_TEST_NOT_RUNNING, 'A/B test … is no longer running')
  cancel(@Param('test_id', new UuidPipe('test_id')) id: string, @Caller() caller: string) {
    return this.tests.cancel(id, caller);
  }

  @Post('ab-tests/:test_id/conclude')
  @HttpCode(200)
  @testIdParam
  @ApiOperation({
    summary:
      'Conclude: promote_a / promote_b activate that version (recorded in the version history), or no_winner / manual_review',
  })
  @ApiOkResponse({ type: AbTestDto, description: "The test, test_status 'completed' with its decision" })
  @ApiStandardProblems('A/B test')
  @ApiConflictProblem(ErrorCode.AB_TEST_ALREADY_DECIDED, 'A/B test … is already decided (promote_b)')
  conclude(
    @Param('test_id', new UuidPipe('test_id')) id: string,
    @Body() body: ConcludeAbTestDto,
    @Caller() caller: string,
  ) {
    return this.tests.conclude(id, body.decision, body.notes ?? null, recordedName(caller, body.decided_by));
  }

  @Get('predictions')
  @ApiOperation({
    summary: "A model's predictions for a machine and window, from the version that serves the caller",
    description:
      'The active version, or while an A/B test runs, A or B by the traffic split on a stable hash of `key`; `served_by` says which. ' +
      '`arm` picks the version explicitly (the active one, or arm A or B of the running test). ' +
      'Prophet forecasts add lower_kwh and upper_kwh per interval: the prediction interval at interval_level (null for other models). ' +
      'format=csv: expected vs actual, one row per interval (is_anomaly and anomaly_score for anomaly models).',
  })
  @ApiExportResponse({
    csv:
      'time,local_time,expected_kwh,actual_kwh\r\n' + '2015-03-01T00:00:00.000Z,2015-03-01,41250.3,39800\r\n',
    filename: 'Building-b40-gas-boiler_baseline_expected-vs-actual_2015-03-01_2015-03-07.csv',
    json: { type: PredictionsDto },
  })
  @ApiStandardProblems('model')
  async predictions(@Query() query: PredictionsQuery, @Export() to: ExportChannel) {
    const { start, end } = parseWindow(query.start, query.end, ['start', 'end']);
    const served = await this.tests.serve(
      query.machine_id,
      query.model_type,
      start,
      end,
      query.key,
      query.arm,
    );
    return to.answer(query.format, CSV_FORMATS, served, async () => {
      const machine = await this.machines.get(query.machine_id);
      return {
        name: exportName(
          machine.name,
          query.model_type,
          'expected-vs-actual',
          ...localDays({ start, end }, machine.timezone),
        ),
        body: predictionsCsv(served.predictions),
      };
    });
  }
}
