import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ApiBadRequestProblem, ApiStandardProblems } from '../common/api-errors';
import { BadInputError } from '../common/domain-error';
import { UuidPipe } from '../common/uuid.pipe';
import {
  CreateMachineDto,
  ListMachinesQuery,
  MachineDto,
  MachinePageDto,
  MachineWithDataDto,
} from './dto/machine.dto';
import {
  EnergyIngestDto,
  EnvironmentalIngestDto,
  IngestResultDto,
  ProductionIngestDto,
  ReadingsPageDto,
  ReadingsQuery,
} from './dto/readings.dto';
import { MachinesService } from './machines.service';
import { READING_KINDS, ReadingKind } from './reading-kinds';
import { IngestCounts, ReadingRow } from './readings.repository';
import { ErrorCode } from '../common/error-codes';

const machineIdParam = ApiParam({
  name: 'id',
  format: 'uuid',
  example: '5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11',
});

@ApiTags('machines')
@Controller('machines')
export class MachinesController {
  constructor(private readonly machines: MachinesService) {}

  @Get()
  @ApiOperation({ summary: 'List machines (paginated, filter by type and activity)' })
  @ApiOkResponse({ type: MachinePageDto })
  @ApiBadRequestProblem('Invalid request: limit', 'limit')
  list(@Query() query: ListMachinesQuery) {
    return this.machines.list(query);
  }

  @Get(':id')
  @machineIdParam
  @ApiOperation({ summary: 'One machine with a summary of its meter data (counts, first and last reading)' })
  @ApiOkResponse({ type: MachineWithDataDto })
  @ApiStandardProblems()
  async get(@Param('id', new UuidPipe('id')) id: string) {
    const machine = await this.machines.get(id, 'id');
    return { ...machine, data: await this.machines.dataSummary(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a machine (with its IANA timezone: daily aggregates use it)' })
  @ApiCreatedResponse({ type: MachineDto })
  @ApiBadRequestProblem('Invalid request: timezone', 'timezone')
  create(@Body() dto: CreateMachineDto) {
    return this.machines.create(dto);
  }

  @Post(':id/readings/energy')
  @HttpCode(200)
  @machineIdParam
  @ApiOperation({ summary: 'Ingest energy readings (JSON, idempotent on machine + time + energy_type)' })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiStandardProblems()
  ingestEnergy(@Param('id', new UuidPipe('id')) id: string, @Body() body: EnergyIngestDto) {
    return this.ingest('energy', id, body.readings);
  }

  @Post(':id/readings/production')
  @HttpCode(200)
  @machineIdParam
  @ApiOperation({ summary: 'Ingest production data (JSON, idempotent on machine + time)' })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiStandardProblems()
  ingestProduction(@Param('id', new UuidPipe('id')) id: string, @Body() body: ProductionIngestDto) {
    return this.ingest('production', id, body.readings);
  }

  @Post(':id/readings/environment')
  @HttpCode(200)
  @machineIdParam
  @ApiOperation({ summary: 'Ingest environmental data (JSON, idempotent on machine + time)' })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiStandardProblems()
  ingestEnvironment(@Param('id', new UuidPipe('id')) id: string, @Body() body: EnvironmentalIngestDto) {
    return this.ingest('environment', id, body.readings);
  }

  @Post(':id/readings/:kind/csv')
  @HttpCode(200)
  @machineIdParam
  @ApiParam({ name: 'kind', enum: READING_KINDS })
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'CSV with a header row naming the columns (time required; others as in the JSON ingest). Streamed into PostgreSQL with COPY; one transaction.',
    schema: {
      type: 'string',
      example: 'time,energy_type,energy_kwh\n2026-11-01T00:00:00Z,electricity,12.5\n',
    },
  })
  @ApiOperation({ summary: 'Ingest meter data as CSV (streamed COPY, idempotent, all-or-nothing)' })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiStandardProblems()
  @ApiResponse({ status: 413, description: 'Upload larger than 200 MiB' })
  @ApiResponse({ status: 415, description: 'Content-Type is not text/csv' })
  async ingestCsv(
    @Param('id', new UuidPipe('id')) id: string,
    @Param('kind') kind: string,
    @Req() request: FastifyRequest,
  ) {
    if (!(READING_KINDS as readonly string[]).includes(kind)) {
      throw new BadInputError(
        ErrorCode.REQUEST_VALIDATION_FAILED,
        `kind must be one of ${READING_KINDS.join(', ')}`,
        [{ field: 'kind', message: `must be one of ${READING_KINDS.join(', ')}` }],
      );
    }
    if (!(request.body instanceof Readable)) {
      throw new BadInputError(ErrorCode.REQUEST_CONTENT_TYPE, 'send the file with Content-Type: text/csv', [
        { field: 'content-type', message: 'must be text/csv' },
      ]);
    }
    return this.withKind(
      kind as ReadingKind,
      await this.machines.ingestCsv(kind as ReadingKind, id, request.body),
    );
  }

  @Get(':id/readings')
  @machineIdParam
  @ApiOperation({
    summary: "A machine's readings over a window, raw or aggregated per hour/day in its timezone",
  })
  @ApiOkResponse({ type: ReadingsPageDto })
  @ApiStandardProblems()
  async readings(@Param('id', new UuidPipe('id')) id: string, @Query() query: ReadingsQuery) {
    const machine = await this.machines.get(id, 'id');
    const { rows, total } = await this.machines.readReadings(machine, query);
    return {
      kind: query.kind,
      aggregate: query.aggregate,
      timezone: machine.timezone,
      items: rows,
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  private async ingest(kind: ReadingKind, id: string, readings: object[]) {
    return this.withKind(kind, await this.machines.ingestRows(kind, id, readings as ReadingRow[]));
  }

  private withKind(kind: ReadingKind, counts: IngestCounts): IngestResultDto {
    return { kind, ...counts };
  }
}
