import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller } from '../security/caller.decorator';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
import { ApiExportResponse, Export, ExportChannel, CSV_FORMATS, exportName } from '../common/export-format';
import { UuidPipe } from '../common/uuid.pipe';
import { MachinesService } from '../machines/machines.service';
import {
  ActivateVersionDto,
  ActivationDto,
  ListVersionsQuery,
  ModelKeyQuery,
  ModelVersionDto,
  ModelVersionPageDto,
} from './dto/models.dto';
import { ModelsService } from './models.service';
import { versionsCsv } from './versions.csv';

const modelIdParam = ApiParam({
  name: 'model_id',
  format: 'uuid',
  example: '0d7f2c4e-9a7b-4f0e-8b7e-3c2d1e0f9a8b',
});

/** The model registry: versions of each machine's models, activation and rollback. */
@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly machines: MachinesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Versions of a machine's model type, newest first",
    description:
      'format=csv: the page of versions, one row each, with training and validation R², CV(RMSE), NMBE.',
  })
  @ApiExportResponse({
    json: { type: ModelVersionPageDto },
    csv:
      'model_id,version,algorithm,status,created_at,activated_at,training_data_start,training_data_end,training_samples_count,feature_names,' +
      'training_r_squared,validation_r_squared,training_cv_rmse_pct,validation_cv_rmse_pct,training_nmbe_pct,validation_nmbe_pct\r\n' +
      '0d7f…,3,ols,active,2026-12-01T08:00:00.000Z,2026-12-01T08:00:05.000Z,2013-01-01T00:00:00.000Z,2015-01-01T00:00:00.000Z,730,hdd_15_5,' +
      '0.947,0.853,10.39,16.6,0,-10.8\r\n',
    filename: 'Building-b40-gas-boiler_baseline_versions.csv',
  })
  @ApiStandardProblems()
  async list(@Query() query: ListVersionsQuery, @Export() to: ExportChannel) {
    const machine = await this.machines.get(query.machine_id);
    const page = await this.models.listVersions(
      query.machine_id,
      query.model_type,
      query.limit,
      query.offset,
    );
    return to.answer(query.format, CSV_FORMATS, page, () => ({
      name: exportName(machine.name, query.model_type, 'versions'),
      body: versionsCsv(page.items),
    }));
  }

  @Get('history')
  @ApiOperation({ summary: 'Which version was active when (activations, newest first)' })
  @ApiOkResponse({ type: [ActivationDto] })
  @ApiStandardProblems()
  async history(@Query() query: ModelKeyQuery) {
    await this.machines.get(query.machine_id);
    return this.models.history(query.machine_id, query.model_type);
  }

  @Get(':model_id')
  @modelIdParam
  @ApiOperation({ summary: 'One model version: fitted parameters, spec, training and validation metrics' })
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiStandardProblems('model')
  get(@Param('model_id', new UuidPipe('model_id')) id: string) {
    return this.models.get(id);
  }

  @Post(':model_id/activate')
  @HttpCode(200)
  @modelIdParam
  @ApiOperation({
    summary:
      'Activate this version (a rollback activates an older one); the previous active version is archived',
  })
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiStandardProblems('model')
  @ApiBadRequestProblem('Invalid request: reason', 'reason')
  activate(
    @Param('model_id', new UuidPipe('model_id')) id: string,
    @Body() body: ActivateVersionDto,
    @Caller() caller: string,
  ) {
    return this.models.activate(id, caller, body.reason ?? 'activated through the API');
  }
}
