import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller } from '../security/caller.decorator';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
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
  @ApiOperation({ summary: "Versions of a machine's model type, newest first" })
  @ApiOkResponse({ type: ModelVersionPageDto })
  @ApiStandardProblems()
  async list(@Query() query: ListVersionsQuery) {
    await this.machines.get(query.machine_id);
    return this.models.listVersions(query.machine_id, query.model_type, query.limit, query.offset);
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
