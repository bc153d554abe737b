/**
 * Machines, on the service's own table or on the EnMS's. The EnMS's machines (02-schema.sql) need
 * a factory, a rated power and a `machine_type` enum, and take their timezone from their factory;
 * which of that the database has is read from its catalog once, at startup, so that a new machine
 * is written the way that database wants it (or refused with the missing field named) and every
 * machine is read with the timezone its plant keeps.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { BadInputError } from '../common/domain-error';
import { Page } from '../common/pagination';
import { Machine } from './entities/machine.entity';
import { findRowById } from '../database/plain-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { ErrorCode } from '../common/error-codes';

export interface MachineFilter {
  type?: string;
  is_active?: boolean;
  limit: number;
  offset: number;
}

/** What a new machine may carry; the EnMS-only fields are written where the table has them. */
export interface NewMachine {
  name: string;
  type?: string;
  timezone?: string;
  data_interval_seconds?: number;
  location?: string;
  is_active?: boolean;
  metadata?: Record<string, unknown>;
  factory_id?: string;
  rated_power_kw?: number;
}

interface MachineTableShape {
  /** Columns a row must be given: NOT NULL, no default. */
  required: Set<string>;
  columns: Set<string>;
  /** Labels of the type column's enum (the EnMS's machine_type), or null when it is text. */
  typeLabels: string[] | null;
  /** Whether machines.factory_id leads to factories.timezone. */
  factoryTimezone: boolean;
}

const SERVICE_FIELDS = [
  'name',
  'type',
  'timezone',
  'data_interval_seconds',
  'location',
  'is_active',
  'metadata',
];
const ENMS_FIELDS = ['factory_id', 'rated_power_kw'];
const DEFAULT_TIMEZONE = 'UTC';

@Injectable()
export class MachinesRepository implements OnModuleInit {
  private shape!: MachineTableShape;

  constructor(private readonly uow: UnitOfWork) {}

  private get machines() {
    return this.uow.manager.getRepository(Machine);
  }

  async onModuleInit(): Promise<void> {
    const columns = await this.uow.manager.query<
      { column_name: string; is_nullable: string; column_default: string | null; udt_name: string }[]
    >(
      `SELECT column_name, is_nullable, column_default, udt_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'machines'`,
    );
    const typeColumn = columns.find((column) => column.column_name === 'type');
    const labels = await this.uow.manager.query<{ label: string }[]>(
      `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        WHERE t.typname = $1 ORDER BY e.enumsortorder`,
      [typeColumn?.udt_name ?? ''],
    );
    const [{ factories }] = await this.uow.manager.query<{ factories: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema = current_schema() AND table_name = 'factories' AND column_name = 'timezone') AS factories`,
    );
    this.shape = {
      columns: new Set(columns.map((column) => column.column_name)),
      required: new Set(
        columns
          .filter((column) => column.is_nullable === 'NO' && column.column_default === null)
          .map((column) => column.column_name),
      ),
      typeLabels: labels.length > 0 ? labels.map((row) => row.label) : null,
      factoryTimezone: factories && columns.some((column) => column.column_name === 'factory_id'),
    };
  }

  async findById(id: string): Promise<Machine | null> {
    const machine = await findRowById(this.uow, Machine, id);
    return machine && (await this.withTimezones([machine]))[0];
  }

  async findByName(name: string): Promise<Machine | null> {
    const machine = await this.machines.findOneBy({ name });
    return machine && (await this.withTimezones([machine]))[0];
  }

  async list(filter: MachineFilter): Promise<Page<Machine>> {
    const query = this.machines
      .createQueryBuilder('m')
      .orderBy('m.name', 'ASC')
      .take(filter.limit)
      .skip(filter.offset);
    // type::text: on the EnMS's enum column an unknown label is no machine, not an invalid-input error.
    if (filter.type !== undefined) query.andWhere('m.type::text = :type', { type: filter.type });
    if (filter.is_active !== undefined) query.andWhere('m.is_active = :active', { active: filter.is_active });
    const [items, total] = await query.getManyAndCount();
    return { items: await this.withTimezones(items), total, limit: filter.limit, offset: filter.offset };
  }

  /** Inserts the machine with the columns this table has; a row the table would refuse is a 400 naming the field. */
  async create(values: NewMachine): Promise<Machine> {
    this.checkFits(values);
    const row: Record<string, unknown> = Object.fromEntries(
      [...SERVICE_FIELDS, ...ENMS_FIELDS]
        .filter((field) => this.shape.columns.has(field))
        .map((field): [string, unknown] => [field, values[field as keyof NewMachine]])
        .filter(([, value]) => value !== undefined),
    );
    row.type ??= this.shape.typeLabels ? undefined : 'generic';
    // An EnMS machine without a timezone of its own keeps its factory's.
    if (!this.shape.factoryTimezone) row.timezone ??= DEFAULT_TIMEZONE;
    if (row.metadata !== undefined) row.metadata = JSON.stringify(row.metadata);
    const names = Object.keys(row).filter((name) => row[name] !== undefined);
    try {
      const [{ id }] = await this.uow.manager.query<{ id: string }[]>(
        `INSERT INTO machines (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        names.map((name) => row[name]),
      );
      return (await this.findById(id))!;
    } catch (error) {
      throw refusal(error) ?? error;
    }
  }

  count(): Promise<number> {
    return this.machines.count();
  }

  private checkFits(values: NewMachine): void {
    const given = new Set(Object.keys(values).filter((key) => values[key as keyof NewMachine] !== undefined));
    const missing = [...this.shape.required].filter(
      (column) => column !== 'id' && !given.has(column) && !(column === 'type' && !this.shape.typeLabels),
    );
    const problems = missing.map((field) => ({
      field,
      message: `required by this database's machines table (NOT NULL without a default)`,
    }));
    if (values.type !== undefined && this.shape.typeLabels && !this.shape.typeLabels.includes(values.type)) {
      problems.push({ field: 'type', message: `must be one of ${this.shape.typeLabels.join(', ')}` });
    }
    const unwritable = ENMS_FIELDS.filter((field) => given.has(field) && !this.shape.columns.has(field));
    for (const field of unwritable)
      problems.push({ field, message: "this database's machines table has no such column" });
    if (problems.length > 0) {
      throw new BadInputError(
        ErrorCode.MACHINE_INVALID_FOR_DATABASE,
        `this database's machines table needs ${problems.map((problem) => problem.field).join(', ')}`,
        problems,
      );
    }
  }

  /** A machine without a timezone of its own keeps its factory's (EnMS), else UTC. */
  private async withTimezones(machines: Machine[]): Promise<Machine[]> {
    const unset = machines.filter((machine) => !machine.timezone);
    if (unset.length > 0 && this.shape.factoryTimezone) {
      const rows = await this.uow.manager.query<{ id: string; timezone: string | null }[]>(
        `SELECT m.id, f.timezone FROM machines m JOIN factories f ON f.id = m.factory_id WHERE m.id = ANY($1::uuid[])`,
        [unset.map((machine) => machine.id)],
      );
      const byId = new Map(rows.map((row) => [row.id, row.timezone]));
      for (const machine of unset) machine.timezone = byId.get(machine.id) ?? DEFAULT_TIMEZONE;
    }
    for (const machine of machines) machine.timezone ||= DEFAULT_TIMEZONE;
    return machines;
  }
}

/** Driver refusals of a machine row (unknown factory, value out of range) as 400s naming the column. */
function refusal(error: unknown): BadInputError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as {
    code?: string;
    column?: string;
    constraint?: string;
    detail?: string;
  };
  const field =
    driver.column ?? (driver.constraint?.includes('factory') ? 'factory_id' : (driver.constraint ?? 'body'));
  const messages: Record<string, string> = {
    '23503': `refers to a row that does not exist (${driver.detail ?? driver.constraint ?? ''})`,
    '23505': `already taken (${driver.detail ?? ''})`,
    '23502': 'required by this database',
    '22003': 'out of range for its column',
    '22P02': 'not a value this column accepts',
  };
  const message = driver.code ? messages[driver.code] : undefined;
  return message
    ? new BadInputError(ErrorCode.MACHINE_INVALID_FOR_DATABASE, `${field}: ${message}`, [{ field, message }])
    : null;
}
