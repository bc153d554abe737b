import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem } from '../common/api-errors';
import { FleetPageDto, FleetQuery } from './dto/fleet.dto';
import { FleetService } from './fleet.service';

@ApiTags('fleet')
@Controller('fleet')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every machine and model type in one list: active version, Guideline 14, last evaluation, drift, open alerts',
    description:
      'One row per machine and model type (a row without an active version has active_version null), ordered by machine name ' +
      'then model type, paginated over those rows. Savings are not part of it: GET /savings per baseline row.',
  })
  @ApiOkResponse({ type: FleetPageDto })
  @ApiBadRequestProblem('Invalid request: limit', 'limit')
  list(@Query() query: FleetQuery) {
    return this.fleet.list(query.limit, query.offset);
  }
}
