import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { BadInputError, NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination';
import { openCsvUpload } from './csv-upload';
import { CreateMachineDto, ListMachinesQuery } from './dto/machine.dto';
import { ReadingsQuery } from './dto/readings.dto';
import { Machine } from './entities/machine.entity';
import { MachinesRepository } from './machines.repository';
import { ingestColumns, READING_KIND_SPECS, ReadingKind } from './reading-kinds';
import {
  IngestCounts,
  IntervalQuery,
  IntervalRow,
  KindSummary,
  ReadingRow,
  ReadingsRepository,
} from './readings.repository';
import { ErrorCode } from '../common/error-codes';

/** 200 MiB: a year of 1-minute readings is about 40 MiB of CSV. */
export const MAX_CSV_BYTES = 200 * 1024 * 1024;

export interface MachineDataSummary extends Record<ReadingKind, KindSummary> {
  energy_types: string[];
}

@Injectable()
export class MachinesService {
  private readonly logger = new Logger(MachinesService.name);
  private readonly spacingReported = new Set<string>();

  constructor(
    private readonly machines: MachinesRepository,
    private readonly readings: ReadingsRepository,
  ) {}

  list(query: ListMachinesQuery): Promise<Page<Machine>> {
    return this.machines.list(query);
  }

  /** The machine, or a 404 naming the field the id came from. */
  async get(id: string, field = 'machine_id'): Promise<Machine> {
    const machine = await this.machines.findById(id);
    if (!machine) throw new NotFoundError('machine', id, field);
    return machine;
  }

  async dataSummary(id: string): Promise<MachineDataSummary> {
    const [summary, energyTypes] = await Promise.all([
      this.readings.summary(id),
      this.readings.energyTypes(id),
    ]);
    return { ...summary, energy_types: energyTypes };
  }

  /** The newest energy reading of the machine, of any type; null before its first. */
  lastEnergyReading(id: string): Promise<Date | null> {
    return this.readings.lastEnergyReading(id);
  }

  create(dto: CreateMachineDto): Promise<Machine> {
    return this.machines.create(dto);
  }

  findByName(name: string): Promise<Machine | null> {
    return this.machines.findByName(name);
  }

  countMachines(): Promise<number> {
    return this.machines.count();
  }

  async ingestRows(kind: ReadingKind, machineId: string, rows: ReadingRow[]): Promise<IngestCounts> {
    const machine = await this.get(machineId);
    rejectDuplicateKeysInBatch(kind, rows);
    return this.readings.upsertRows(kind, machineId, machine.timezone, rows);
  }

  async ingestCsv(kind: ReadingKind, machineId: string, csv: Readable): Promise<IngestCounts> {
    const machine = await this.get(machineId);
    const upload = await openCsvUpload(csv, MAX_CSV_BYTES);
    const allowed = ingestColumns(READING_KIND_SPECS[kind]);
    const unknown = upload.header.filter((column) => !allowed.includes(column));
    const repeated = upload.header.filter((column, index) => upload.header.indexOf(column) !== index);
    if (unknown.length > 0 || repeated.length > 0 || !upload.header.includes('time')) {
      const fields = [
        ...unknown.map((column) => ({
          field: `line 1.${column}`,
          message: `unknown column; allowed: ${allowed.join(', ')}`,
        })),
        ...repeated.map((column) => ({ field: `line 1.${column}`, message: 'column appears twice' })),
        ...(upload.header.includes('time')
          ? []
          : [{ field: 'line 1.time', message: 'the time column is required' }]),
      ];
      upload.body.destroy();
      throw new BadInputError(
        ErrorCode.INGEST_BAD_HEADER,
        `line 1: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
        fields,
      );
    }
    return this.readings.copyCsv(kind, machineId, machine.timezone, upload.header, upload.body);
  }

  /** Complete calendar intervals only: a bucket with fewer than 90 % of its expected readings is left out. */
  async intervals(
    machine: Machine,
    query: Omit<IntervalQuery, 'machineId' | 'timezone'>,
  ): Promise<IntervalRow[]> {
    const { rows, spacing: measured } = await this.readings.intervals({
      ...query,
      machineId: machine.id,
      timezone: machine.timezone,
    });
    const spacing = this.readingSpacing(machine, query.energyType, measured);
    const expected = (query.interval === 'day' ? 86_400 : 3_600) / spacing;
    return rows.filter((row) => row.reading_count >= 0.9 * Math.max(1, Math.floor(expected)));
  }

  /**
   * Seconds between readings as the data has them, when it has enough to tell; else the machine's
   * configured data_interval_seconds. An EnMS machine configured at its collector's 10 s whose
   * readings arrive every 15 minutes is judged by the 15 minutes (logged once per difference).
   */
  private readingSpacing(machine: Machine, energyType: string, measured: number | null): number {
    if (measured === null) return machine.data_interval_seconds;
    const ratio = measured / machine.data_interval_seconds;
    if ((ratio > 1.5 || ratio < 1 / 1.5) && !this.spacingReported.has(`${machine.id}:${measured}`)) {
      this.spacingReported.add(`${machine.id}:${measured}`);
      this.logger.warn(
        `machine ${machine.id} (${machine.name}) is configured with data_interval_seconds ${machine.data_interval_seconds} but its ${energyType} readings are ${measured} s apart: using ${measured} s; set data_interval_seconds to ${measured} to silence this`,
      );
    }
    return measured;
  }

  /**
   * How much of [start, end) was metered: the energy readings of the type that arrived, and their
   * share of those the reading spacing lets one expect (at most 1).
   */
  async readingCoverage(
    machine: Machine,
    energyType: string,
    start: Date,
    end: Date,
  ): Promise<{ readings: number; completeness: number }> {
    const { readings, spacing: measured } = await this.readings.readingCount(
      machine.id,
      energyType,
      start,
      end,
    );
    const spacing = this.readingSpacing(machine, energyType, measured);
    const expected = Math.max(1, Math.floor((end.getTime() - start.getTime()) / 1000 / spacing));
    return { readings, completeness: Math.min(1, readings / expected) };
  }

  /** Planner statistics after a bulk load (see ReadingsRepository.analyze). */
  refreshStatistics(): Promise<void> {
    return this.readings.analyze();
  }

  /**
   * What a training job needs of a machine's energy data, in one query: the type it is modelled on
   * when the caller names none (its most metered one) and the span of all its energy readings.
   */
  async energySpan(
    machineId: string,
  ): Promise<{ primaryEnergyType: string | null; first: Date | null; last: Date | null }> {
    const coverage = await this.readings.energyCoverage(machineId);
    const times = (pick: (row: (typeof coverage)[number]) => Date) =>
      coverage.map((row) => pick(row).getTime());
    return {
      primaryEnergyType: coverage[0]?.energy_type ?? null,
      first: coverage.length > 0 ? new Date(Math.min(...times((row) => row.first))) : null,
      last: coverage.length > 0 ? new Date(Math.max(...times((row) => row.last))) : null,
    };
  }

  async readReadings(machine: Machine, query: ReadingsQuery) {
    const start = new Date(query.start);
    const end = new Date(query.end);
    if (!(end > start)) {
      throw new BadInputError(ErrorCode.REQUEST_BAD_WINDOW, 'end must be after start', [
        { field: 'end', message: 'must be after start' },
      ]);
    }
    return this.readings.read({
      kind: query.kind,
      machineId: machine.id,
      timezone: machine.timezone,
      start,
      end,
      aggregation: query.aggregate,
      energyType: query.energy_type,
      limit: query.limit,
      offset: query.offset,
    });
  }
}

function rejectDuplicateKeysInBatch(kind: ReadingKind, rows: ReadingRow[]): void {
  const extraKey = READING_KIND_SPECS[kind].extraKey;
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = `${new Date(String(row.time)).toISOString()}|${extraKey ? String(row[extraKey.name] ?? extraKey.default) : ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new BadInputError(
        ErrorCode.INGEST_DUPLICATE_ROW,
        `readings[${index}] repeats the key of readings[${first}]`,
        [
          {
            field: `readings.${index}.time`,
            message: `same time${extraKey ? ` and ${extraKey.name}` : ''} as readings.${first}`,
          },
        ],
      );
    }
    seen.set(key, index);
  });
}
