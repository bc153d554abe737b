/**
 * SQL for meter data: idempotent bulk upserts (JSON through unnest, CSV through COPY into a
 * temporary table), the data summary per machine, and reads aggregated in the machine's timezone.
 * Every ingest is one transaction: a bad row leaves nothing written. Hourly buckets are real hours
 * (date_trunc in the machine's zone returns instants), so the hour the clocks repeat in autumn is
 * two buckets and the skipped spring hour none.
 */
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityManager } from 'typeorm';
import { BadInputError, DomainError } from '../common/domain-error';
import { databaseConfig } from '../config/database.config';
import { UnitOfWork } from '../database/unit-of-work';
import {
  ingestColumns,
  keyColumns,
  rangeOf,
  READING_KIND_SPECS,
  ReadingKind,
  ReadingKindSpec,
} from './reading-kinds';
import { ErrorCode } from '../common/error-codes';

export interface IngestCounts {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export type ReadingRow = Record<string, string | number | null>;

export type Aggregation = 'raw' | 'hour' | 'day';

export interface KindSummary {
  count: number;
  first: Date | null;
  last: Date | null;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** ISO 8601 date-time as sent by meters and exports; the offset is optional. */
const ISO_TIME = `'^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$'`;
const WITH_OFFSET = `'(Z|[+-]\\d{2}(:?\\d{2})?)$'`;
/** The longest text WITH_OFFSET can match ("+01:00"). */
const OFFSET_MAX_LENGTH = 6;

/**
 * Whether a time text ends in an offset. It reads only the end of the text: the same answer as on
 * the whole text, since WITH_OFFSET is anchored at the end and matches at most OFFSET_MAX_LENGTH
 * characters, at less cost (PostgreSQL tries an unanchored pattern from every position: 1.3 s
 * instead of 2.1 s over a million times here); and a final "Z", what most meters send, is taken
 * without the pattern (0.42 s instead of 0.66 s over 500,000 times).
 */
const hasOffset = (time: string) =>
  `(right(${time}, 1) = 'Z' OR right(${time}, ${OFFSET_MAX_LENGTH}) ~ ${WITH_OFFSET})`;

/**
 * Times arrive as text: with an offset they are instants; without one they are wall-clock times
 * of the machine's timezone ($2), which is how plant systems export them.
 */
const timeFromText = (zone: string, alias = 's') =>
  `CASE WHEN ${hasOffset(`${alias}.time`)} THEN ${alias}.time::timestamptz ELSE ${alias}.time::timestamp AT TIME ZONE ${zone} END`;
const TIME_FROM_TEXT = timeFromText('$2');

/**
 * The offset-less times of `source` (columns line, time) that name no instant of the zone (the
 * hour the clocks skip) or two (the hour they repeat), the first one by line: the UTC offsets a day
 * before and a day after differ, and the wall-clock time read with each of them is either valid for
 * both (ambiguous) or for neither (nonexistent).
 */
function localTimeProblemSql(source: string, zone: string): string {
  const offsetAt = (instant: string) =>
    `((${instant}) AT TIME ZONE ${zone} - (${instant}) AT TIME ZONE 'UTC')`;
  const valid = (offset: string) => `(((u - ${offset}) AT TIME ZONE ${zone}) = local)`;
  return `SELECT line::text AS line, time, CASE WHEN ${valid('before')} THEN 'ambiguous' ELSE 'nonexistent' END AS problem
            FROM (SELECT line, time, local, u, ${offsetAt("u - interval '1 day'")} AS before,
                         ${offsetAt("u + interval '1 day'")} AS after
                    FROM (SELECT line, time, time::timestamp AS local, time::timestamp AT TIME ZONE 'UTC' AS u
                            FROM ${source} WHERE NOT ${hasOffset('time')}) parsed) o
           WHERE before <> after AND ${valid('before')} = ${valid('after')}
           ORDER BY line LIMIT 1`;
}

interface LocalTimeProblem {
  line: string;
  time: string;
  problem: 'ambiguous' | 'nonexistent';
}

/** A 400 for an offset-less time the zone does not have once, naming where it is and what to send. */
function localTimeError(
  problem: LocalTimeProblem,
  timezone: string,
  where: { field: string; text: string },
): BadInputError {
  const ambiguous = problem.problem === 'ambiguous';
  const what = ambiguous
    ? `occurs twice in ${timezone} (the clocks go back)`
    : `does not exist in ${timezone} (the clocks skip it)`;
  return new BadInputError(
    ambiguous ? ErrorCode.INGEST_AMBIGUOUS_TIME : ErrorCode.INGEST_NONEXISTENT_TIME,
    `${where.text}: "${problem.time.slice(0, 40)}" ${what}; send the time with its UTC offset (such as +01:00) or in UTC (Z)`,
    [{ field: where.field, message: `this wall-clock time ${what}: give its UTC offset` }],
  );
}

/**
 * Buckets of `aggregation` in the machine's zone ($zone): instants (date_trunc with a zone
 * truncates the local time and keeps the offset it had), so an hour is a real hour.
 */
const bucketOf = (aggregation: string, zone: string) => `date_trunc(${aggregation}, time, ${zone})`;

/**
 * The wall-clock label of a bucket start `b`: "YYYY-MM-DD" for days, "YYYY-MM-DDTHH:mm" for hours,
 * and for an hour whose label the hour before or after shares (the clocks going back) the label
 * with its UTC offset, "+01:00" or "+00:00", so that every label names one interval.
 */
function bucketLabel(interval: 'hour' | 'day', zone: string): string {
  const local = `(b AT TIME ZONE ${zone})`;
  if (interval === 'day') return `to_char(${local}, 'YYYY-MM-DD')`;
  const minutes = `(extract(epoch FROM ${local} - (b AT TIME ZONE 'UTC'))::int / 60)`;
  const offset = `CASE WHEN ${minutes} < 0 THEN '-' ELSE '+' END || lpad((abs(${minutes}) / 60)::text, 2, '0') || ':' || lpad((abs(${minutes}) % 60)::text, 2, '0')`;
  const repeated = `date_trunc('hour', (b + interval '1 hour') AT TIME ZONE ${zone}) = ${local} OR date_trunc('hour', (b - interval '1 hour') AT TIME ZONE ${zone}) = ${local}`;
  return `to_char(${local}, 'YYYY-MM-DD"T"HH24:MI') || CASE WHEN ${repeated} THEN ${offset} ELSE '' END`;
}

function sqlTypeOf(spec: ReadingKindSpec, column: string): string {
  if (column === 'time') return 'text';
  if (column === spec.extraKey?.name) return 'text';
  return spec.columns.find((candidate) => candidate.name === column)!.sqlType;
}

/**
 * INSERT ... SELECT from `source` with upsert on the natural key; unchanged rows are not touched.
 * Answers one row of counts rather than a row per reading that Node would parse only to count.
 */
function upsertSql(spec: ReadingKindSpec, source: string, sourceColumns: string[]): string {
  const valueColumns = spec.columns.map((column) => column.name);
  const insertColumns = [
    'machine_id',
    'time',
    ...(spec.extraKey ? [spec.extraKey.name] : []),
    ...valueColumns,
  ];
  const select = insertColumns.map((column) => {
    if (column === 'machine_id') return '$1::uuid';
    if (column === 'time') return TIME_FROM_TEXT;
    if (column === spec.extraKey?.name) {
      const fallback = `'${spec.extraKey.default}'`;
      return sourceColumns.includes(column) ? `coalesce(s.${quote(column)}, ${fallback})` : fallback;
    }
    return sourceColumns.includes(column) ? `s.${quote(column)}` : `NULL::${sqlTypeOf(spec, column)}`;
  });
  const assignments = valueColumns.map((column) => `${quote(column)} = EXCLUDED.${quote(column)}`).join(', ');
  const current = valueColumns.map((column) => `t.${quote(column)}`).join(', ');
  const incoming = valueColumns.map((column) => `EXCLUDED.${quote(column)}`).join(', ');
  return `WITH upserted AS (
            INSERT INTO ${spec.table} AS t (${insertColumns.map(quote).join(', ')})
            SELECT ${select.join(', ')} FROM ${source}
            ON CONFLICT (${keyColumns(spec).map(quote).join(', ')})
            DO UPDATE SET ${assignments} WHERE (${current}) IS DISTINCT FROM (${incoming})
            RETURNING (xmax = 0) AS inserted)
          SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*)::int AS written FROM upserted`;
}

/**
 * A NOT NULL violation of the reading table (the EnMS's energy_readings needs power_kw, for one)
 * as a 400 naming the column the readings lack.
 */
function missingRequiredValue(error: unknown, spec: ReadingKindSpec): BadInputError | null {
  const driver = error as { code?: string; column?: string; table?: string };
  if (driver.code !== '23502' || driver.table !== spec.table || !driver.column) return null;
  return new BadInputError(
    ErrorCode.INGEST_MISSING_VALUE,
    `${driver.column} is required by this database's ${spec.table} (NOT NULL without a default): send it with every reading`,
    [{ field: driver.column, message: `required by this database's ${spec.table}` }],
  );
}

/** The counts upsertSql answers: rows inserted, and rows inserted or updated. */
interface UpsertCounts {
  inserted: number;
  written: number;
}

function countUpsert(received: number, [counts]: UpsertCounts[]): IngestCounts {
  return {
    received,
    inserted: counts.inserted,
    updated: counts.written - counts.inserted,
    unchanged: received - counts.written,
  };
}

/** SQLSTATE of a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * The newest line of `source` (columns line, time and the kind's extra key) whose key, with its time
 * as an instant, an earlier line has: "2026-01-01T00:00Z" and "2026-01-01T01:00+01:00" are one
 * reading, and so are two wall-clock times the zone maps to one instant. The upsert would refuse
 * them ("ON CONFLICT DO UPDATE command cannot affect row a second time").
 */
function duplicateKeySql(source: string, zone: string, extraKey: string | null): string {
  const key = [timeFromText(zone), ...(extraKey ? [`s.${quote(extraKey)}`] : [])];
  return `SELECT max(s.line)::text AS line, min(s.line)::text AS first FROM ${source} s
           GROUP BY ${key.join(', ')} HAVING count(*) > 1 ORDER BY max(s.line) LIMIT 1`;
}

/**
 * Below this share of a table's rows written since its last ANALYZE, its statistics are left to
 * autovacuum; the rule is autovacuum's own (autovacuum_analyze_threshold 50 +
 * autovacuum_analyze_scale_factor 0.1 x rows), applied at once, since a server may run without it.
 */
const ANALYZE_BASE_ROWS = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

@Injectable()
export class ReadingsRepository implements OnModuleInit {
  private readonly logger = new Logger(ReadingsRepository.name);
  /** The energy type a reading without one gets: the table's own default ('electrical' in an EnMS). */
  private energyTypeDefault = READING_KIND_SPECS.energy.extraKey!.default;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(databaseConfig.KEY) private readonly database: ConfigType<typeof databaseConfig>,
  ) {}

  /**
   * Upserts already-validated rows in one statement (arrays through unnest), after refusing times
   * the machine's zone does not have once and rows that name one reading twice.
   */
  async onModuleInit(): Promise<void> {
    const [row] = await this.uow.manager.query<{ fallback: string | null }[]>(
      `SELECT substring(column_default FROM '^''([^'']*)''') AS fallback FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'energy_readings' AND column_name = 'energy_type'`,
    );
    if (row?.fallback) this.energyTypeDefault = row.fallback;
  }

  /** The kind's spec with this database's energy type default. */
  private specOf(kind: ReadingKind): ReadingKindSpec {
    const spec = READING_KIND_SPECS[kind];
    return spec.extraKey
      ? { ...spec, extraKey: { ...spec.extraKey, default: this.energyTypeDefault } }
      : spec;
  }

  async upsertRows(
    kind: ReadingKind,
    machineId: string,
    timezone: string,
    rows: ReadingRow[],
  ): Promise<IngestCounts> {
    const spec = this.specOf(kind);
    const runner = this.uow.manager;
    await rejectBadBatchTimes(runner, spec, timezone, rows);
    const columns = ingestColumns(spec);
    const arrays = columns.map((column) => rows.map((row) => row[column] ?? null));
    const unnest = columns.map((column, index) => `$${index + 3}::${sqlTypeOf(spec, column)}[]`).join(', ');
    const source = `unnest(${unnest}) AS s(${columns.map(quote).join(', ')})`;
    const returned = await runner
      .query<UpsertCounts[]>(upsertSql(spec, source, columns), [machineId, timezone, ...arrays])
      .catch((error: unknown) => {
        throw missingRequiredValue(error, spec) ?? error;
      });
    const counts = countUpsert(rows.length, returned);
    await this.refreshStatisticsAfterWrite(spec.table, counts);
    return counts;
  }

  /**
   * ANALYZE of a table this ingest wrote to, once the rows written since its last ANALYZE (the
   * server's count plus this ingest's) pass autovacuum's threshold: without statistics the planner
   * takes freshly loaded readings for an empty table, and an interval query over them becomes a
   * nested loop that runs into the statement timeout. A failed ANALYZE does not undo the committed
   * ingest; it is logged and left to the next ingest or to autovacuum.
   */
  async refreshStatisticsAfterWrite(table: string, counts: IngestCounts): Promise<boolean> {
    const written = counts.inserted + counts.updated;
    if (written === 0) return false;
    try {
      const [state] = await this.uow.manager.query<{ rows: number; modified: number }[]>(
        `SELECT c.reltuples::float8 AS rows, coalesce(s.n_mod_since_analyze, 0)::float8 AS modified
           FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
          WHERE c.oid = $1::regclass`,
        [table],
      );
      const neverAnalyzed = state.rows < 0;
      const threshold = ANALYZE_BASE_ROWS + ANALYZE_SCALE_FACTOR * Math.max(state.rows, 0);
      if (!neverAnalyzed && state.modified + written <= threshold) return false;
      await this.uow.manager.query(`ANALYZE ${table}`);
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, table },
        'ANALYZE after an ingest failed; autovacuum or the next ingest refreshes the statistics',
      );
      return false;
    }
  }

  /**
   * Streams a CSV (header row naming the columns) into a temporary table with COPY, checks it,
   * then upserts it; all in one transaction. Errors name the file line and column.
   */
  async copyCsv(
    kind: ReadingKind,
    machineId: string,
    timezone: string,
    header: string[],
    csv: Readable,
  ): Promise<IngestCounts> {
    const spec = this.specOf(kind);
    try {
      const counts = await this.uow.withClient(async (client) => {
        await client.query(`SET LOCAL statement_timeout = ${this.database.ingestStatementTimeoutMs}`);
        const definitions = header.map((column) =>
          column === 'time' ? 'time text NOT NULL' : `${quote(column)} ${sqlTypeOf(spec, column)}`,
        );
        await client.query(
          `CREATE TEMP TABLE ingest_rows (line_no bigserial, ${definitions.join(', ')}) ON COMMIT DROP`,
        );
        await copyInto(
          client,
          `COPY ingest_rows (${header.map(quote).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`,
          csv,
        );
        const { rows: countRows } = await client.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM ingest_rows',
        );
        const received = Number(countRows[0].n);
        await rejectBadTimes(client);
        await rejectLocalTimeProblems(client, timezone);
        await rejectOutOfRange(client, kind, header);
        await rejectDuplicateKeys(client, spec, header, timezone);
        const { rows } = await client.query<UpsertCounts>(
          upsertSql(spec, '(SELECT * FROM ingest_rows ORDER BY line_no) AS s', header),
          [machineId, timezone],
        );
        return countUpsert(received, rows);
      });
      await this.refreshStatisticsAfterWrite(spec.table, counts);
      return counts;
    } catch (error) {
      if ((error as { code?: string }).code === QUERY_CANCELED) {
        throw new DomainError(
          ErrorCode.INGEST_TOO_LONG,
          413,
          `loading the file took longer than ${this.database.ingestStatementTimeoutMs} ms ` +
            '(DB_INGEST_STATEMENT_TIMEOUT_MS); nothing was written: send it in smaller files',
          [{ field: 'body', message: 'too many readings to load within the time limit' }],
        );
      }
      throw missingRequiredValue(error, spec) ?? error;
    }
  }

  async summary(machineId: string): Promise<Record<ReadingKind, KindSummary>> {
    const parts = await Promise.all(
      (Object.keys(READING_KIND_SPECS) as ReadingKind[]).map(async (kind) => {
        const [row] = await this.uow.manager.query<
          { count: string; first: Date | null; last: Date | null }[]
        >(
          `SELECT count(*)::text AS count, min(time) AS first, max(time) AS last FROM ${READING_KIND_SPECS[kind].table} WHERE machine_id = $1`,
          [machineId],
        );
        return [kind, { count: Number(row.count), first: row.first, last: row.last }] as const;
      }),
    );
    return Object.fromEntries(parts) as Record<ReadingKind, KindSummary>;
  }

  /**
   * Refreshes the planner's statistics of the reading tables. After a bulk load, until autovacuum
   * gets to it (about a minute), the planner takes the tables for empty and the interval query of
   * a training job becomes a nested loop of about a second.
   */
  async analyze(): Promise<void> {
    const tables = Object.values(READING_KIND_SPECS).map((spec) => spec.table);
    await this.uow.manager.query(`ANALYZE ${tables.join(', ')}`);
  }

  /** Per energy type, its first and last reading; the most metered type first. */
  energyCoverage(machineId: string): Promise<{ energy_type: string; first: Date; last: Date }[]> {
    return this.uow.manager.query(
      `SELECT energy_type, min(time) AS first, max(time) AS last
         FROM energy_readings WHERE machine_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1`,
      [machineId],
    );
  }

  async energyTypes(machineId: string): Promise<string[]> {
    const rows = await this.uow.manager.query<{ energy_type: string }[]>(
      'SELECT energy_type FROM energy_readings WHERE machine_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1',
      [machineId],
    );
    return rows.map((row) => row.energy_type);
  }

  /**
   * Energy per hour (a real hour) or calendar day of the machine's timezone in [start, end),
   * joined with the mean outdoor temperature and the production drivers of the same bucket: what
   * models train on.
   */
  async intervals(query: IntervalQuery): Promise<{ rows: IntervalRow[]; spacing: number | null }> {
    const bucket = bucketOf('$4', '$5');
    const window = 'machine_id = $1 AND time >= $2 AND time < $3';
    const rows = await this.uow.manager.query<(IntervalRow & { reading_spacing: number | null })[]>(
      `WITH e AS (SELECT ${bucket} AS b, sum(energy_kwh) AS kwh, count(energy_kwh)::int AS n
                    FROM energy_readings WHERE ${window} AND energy_type = $6 GROUP BY 1),
            w AS (SELECT ${bucket} AS b, avg(outdoor_temp_c) AS t FROM environmental_data WHERE ${window} GROUP BY 1),
            p AS (SELECT ${bucket} AS b, sum(production_count) AS pc, avg(throughput_units_per_hour) AS tp,
                         avg(load_level)::float8 AS ll
                    FROM production_data WHERE ${window} GROUP BY 1)
       SELECT e.b AS time, ${bucketLabel(query.interval, '$5')} AS start, e.n AS reading_count, e.kwh AS energy_kwh, w.t AS outdoor_temp_c,
              p.pc AS production_count, p.tp AS throughput_units_per_hour, p.ll AS load_level,
              ${readingSpacing('$6')} AS reading_spacing
         FROM e LEFT JOIN w USING (b) LEFT JOIN p USING (b)
        WHERE e.kwh IS NOT NULL
        ORDER BY e.b`,
      [query.machineId, query.start, query.end, query.interval, query.timezone, query.energyType],
    );
    return {
      rows: rows.map(({ reading_spacing: _spacing, ...row }) => row),
      spacing: rows[0]?.reading_spacing ?? null,
    };
  }

  /**
   * Readings of one kind in [start, end). Aggregated buckets are hours (real hours) or calendar
   * days of the machine's timezone; `time` is the bucket start as an instant, `local_time` its
   * wall-clock label (with the UTC offset on the two hours that share one when the clocks go back).
   */
  async read(params: {
    kind: ReadingKind;
    machineId: string;
    timezone: string;
    start: Date;
    end: Date;
    aggregation: Aggregation;
    energyType?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const spec = READING_KIND_SPECS[params.kind];
    const filters = ['machine_id = $1', 'time >= $2', 'time < $3'];
    const values: unknown[] = [params.machineId, params.start, params.end];
    if (spec.extraKey && params.energyType) {
      values.push(params.energyType);
      filters.push(`${spec.extraKey.name} = $${values.length}`);
    }
    const where = filters.join(' AND ');
    if (params.aggregation === 'raw') {
      const columns = [
        'time',
        ...(spec.extraKey ? [spec.extraKey.name] : []),
        ...spec.columns.map((c) => c.name),
      ];
      const [{ total }] = await this.uow.manager.query<{ total: string }[]>(
        `SELECT count(*)::text AS total FROM ${spec.table} WHERE ${where}`,
        values,
      );
      const rows = await this.uow.manager.query<Record<string, unknown>[]>(
        `SELECT ${columns.map(quote).join(', ')} FROM ${spec.table} WHERE ${where}
          ORDER BY time${spec.extraKey ? `, ${spec.extraKey.name}` : ''} LIMIT ${params.limit} OFFSET ${params.offset}`,
        values,
      );
      return { rows, total: Number(total) };
    }
    values.push(params.aggregation, params.timezone);
    const zone = `$${values.length}`;
    const bucket = bucketOf(`$${values.length - 1}`, zone);
    const aggregates = spec.columns
      .filter((column) => column.sqlType !== 'text')
      .map((column) => `${column.aggregate}(${quote(column.name)}) AS ${quote(column.name)}`);
    const grouped = `SELECT ${bucket} AS b, count(*)::int AS reading_count, ${aggregates.join(', ')}
                       FROM ${spec.table} WHERE ${where} GROUP BY 1`;
    const [{ total }] = await this.uow.manager.query<{ total: string }[]>(
      `SELECT count(*)::text AS total FROM (${grouped}) g`,
      values,
    );
    const rows = await this.uow.manager.query<Record<string, unknown>[]>(
      `SELECT b AS time, ${bucketLabel('hour', zone)} AS local_time, g.*
         FROM (${grouped}) g ORDER BY b LIMIT ${params.limit} OFFSET ${params.offset}`,
      values,
    );
    return { rows: rows.map(({ b: _ignored, ...row }) => row), total: Number(total) };
  }

  /** Energy readings of the machine's energy type in [start, end), and their spacing there. */
  async readingCount(
    machineId: string,
    energyType: string,
    start: Date,
    end: Date,
  ): Promise<{ readings: number; spacing: number | null }> {
    const [row] = await this.uow.query<{ n: number; spacing: number | null }>(READING_COUNT, [
      machineId,
      start,
      end,
      energyType,
    ]);
    return { readings: row.n, spacing: row.spacing };
  }

  /** The newest energy reading of the machine, of any type (an index lookup, however long its history). */
  async lastEnergyReading(machineId: string): Promise<Date | null> {
    const [row] = await this.uow.query<{ last: Date | null }>(
      'SELECT max(time) AS last FROM energy_readings WHERE machine_id = $1',
      [machineId],
    );
    return row.last;
  }
}

/**
 * The spacing of a machine's energy readings in seconds, as a scalar subquery of the window
 * query it is part of ($1 machine, $2 start, $3 end; the energy type's parameter given): the
 * median gap between consecutive readings of the first 2,000 in the window (an index range scan,
 * cheap however dense the data), null with fewer than two. Part of the query that reads the
 * window, so a scored window costs one round trip. The EnMS's data_interval_seconds is its
 * collector's polling period, not always what reaches this table.
 */
const readingSpacing = (energyType: string) => `(SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY gap)
    FROM (SELECT extract(epoch FROM time - lag(time) OVER (ORDER BY time))::float8 AS gap
            FROM (SELECT time FROM energy_readings
                   WHERE machine_id = $1 AND energy_type = ${energyType} AND time >= $2 AND time < $3
                   ORDER BY time LIMIT 2000) first_readings) gaps
   WHERE gap > 0)`;

/**
 * $1 machine_id, $2 start, $3 end, $4 energy_type: the readings in [start, end) and their spacing.
 * Exported for the API benchmark's bare server, which sends the same statement.
 */
export const READING_COUNT = `SELECT count(energy_kwh)::int AS n, ${readingSpacing('$4')} AS spacing FROM energy_readings
        WHERE machine_id = $1 AND energy_type = $4 AND time >= $2 AND time < $3`;

export interface IntervalQuery {
  machineId: string;
  timezone: string;
  interval: 'hour' | 'day';
  start: Date;
  end: Date;
  energyType: string;
}

/** One hour or calendar day of the machine's timezone with its energy and mean drivers. */
export interface IntervalRow {
  /** Bucket start as an instant. */
  time: Date;
  /**
   * Bucket start as local wall-clock time ("YYYY-MM-DD" or "YYYY-MM-DDTHH:mm"; a repeated hour
   * "YYYY-MM-DDTHH:mm+HH:MM"): unique per bucket.
   */
  start: string;
  reading_count: number;
  energy_kwh: number;
  outdoor_temp_c: number | null;
  production_count: number | null;
  throughput_units_per_hour: number | null;
  load_level: number | null;
}

async function copyInto(client: PoolClient, sql: string, csv: Readable): Promise<void> {
  try {
    await pipeline(csv, client.query(copyFrom(sql)));
  } catch (error) {
    throw copyErrorToBadInput(error);
  }
}

/** Turns PostgreSQL's COPY error context ("COPY ingest_rows, line 7, column energy_kwh: ...") into a 400. */
export function copyErrorToBadInput(error: unknown): unknown {
  const pgError = error as { code?: string; where?: string; message?: string };
  if (!pgError.code || !/^(22|23)/.test(pgError.code)) return error;
  const context = /line (\d+)(?:, column ([\w]+))?/.exec(pgError.where ?? '');
  const line = context?.[1] ?? '?';
  const column = context?.[2];
  const field = column ? `line ${line}.${column}` : `line ${line}`;
  return new BadInputError(
    ErrorCode.INGEST_BAD_ROW,
    `line ${line}${column ? `, column ${column}` : ''}: ${pgError.message}`,
    [{ field, message: pgError.message ?? 'invalid value' }],
  );
}

/**
 * PostgreSQL accepts NaN, ±Infinity and 1e308 as doubles; a meter reading is none of them. The
 * ranges are the JSON ingest's (reading-kinds.ts), so both ways in accept the same values.
 */
async function rejectOutOfRange(client: PoolClient, kind: ReadingKind, header: string[]): Promise<void> {
  const spec = READING_KIND_SPECS[kind];
  const numeric = header.filter((column) =>
    ['double precision', 'smallint'].includes(sqlTypeOf(spec, column)),
  );
  for (const column of numeric) {
    const [min, max] = rangeOf(kind, column);
    const nonFinite =
      sqlTypeOf(spec, column) === 'smallint'
        ? ''
        : `${quote(column)} IN ('NaN', 'Infinity', '-Infinity') OR `;
    const { rows } = await client.query<{ line_no: string }>(
      `SELECT line_no::text FROM ingest_rows WHERE ${nonFinite}${quote(column)} NOT BETWEEN $1 AND $2 ORDER BY line_no LIMIT 1`,
      [min, max],
    );
    if (rows.length > 0) {
      const line = Number(rows[0].line_no) + 1;
      throw new BadInputError(
        ErrorCode.INGEST_BAD_ROW,
        `line ${line}, column ${column}: not a finite number from ${min} to ${max}`,
        [{ field: `line ${line}.${column}`, message: `must be a finite number from ${min} to ${max}` }],
      );
    }
  }
}

async function rejectBadTimes(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ line_no: string; time: string }>(
    `SELECT line_no::text, time FROM ingest_rows WHERE time !~ ${ISO_TIME} ORDER BY line_no LIMIT 1`,
  );
  if (rows.length > 0) {
    const line = Number(rows[0].line_no) + 1;
    throw new BadInputError(
      ErrorCode.INGEST_BAD_ROW,
      `line ${line}, column time: "${rows[0].time.slice(0, 40)}" is not an ISO 8601 date-time`,
      [{ field: `line ${line}.time`, message: 'must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z' }],
    );
  }
}

async function rejectLocalTimeProblems(client: PoolClient, timezone: string): Promise<void> {
  const { rows } = await client.query<LocalTimeProblem>(
    localTimeProblemSql('(SELECT line_no AS line, time FROM ingest_rows) AS r', '$1'),
    [timezone],
  );
  if (rows.length > 0) {
    const line = Number(rows[0].line) + 1;
    throw localTimeError(rows[0], timezone, {
      field: `line ${line}.time`,
      text: `line ${line}, column time`,
    });
  }
}

async function rejectDuplicateKeys(
  client: PoolClient,
  spec: ReadingKindSpec,
  header: string[],
  timezone: string,
): Promise<void> {
  const extraKey = spec.extraKey && header.includes(spec.extraKey.name) ? spec.extraKey.name : null;
  const source = `(SELECT line_no AS line, * FROM ingest_rows)`;
  const { rows } = await client.query<{ line: string; first: string }>(
    duplicateKeySql(source, '$1', extraKey),
    [timezone],
  );
  if (rows.length > 0) {
    const [line, first] = [Number(rows[0].line) + 1, Number(rows[0].first) + 1];
    const key = ['time', ...(extraKey ? [extraKey] : [])].join(' and ');
    throw new BadInputError(
      ErrorCode.INGEST_DUPLICATE_ROW,
      `line ${line}: the same ${key} as line ${first} (the same instant, however written)`,
      [
        {
          field: `line ${line}.time`,
          message: `duplicate key within the upload: same instant as line ${first}`,
        },
      ],
    );
  }
}

/** The JSON batch's times: the same two checks as a CSV's, on the times as sent (readings.i.time). */
async function rejectBadBatchTimes(
  runner: EntityManager,
  spec: ReadingKindSpec,
  timezone: string,
  rows: ReadingRow[],
): Promise<void> {
  const times = rows.map((row) => String(row.time));
  const extraKey = spec.extraKey?.name ?? null;
  const keys = rows.map((row) => (extraKey ? String(row[extraKey] ?? spec.extraKey!.default) : ''));
  const source = `(SELECT ord AS line, time, key AS ${quote(extraKey ?? 'key')} FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(time, key, ord))`;
  const [problem] = await runner.query<LocalTimeProblem[]>(
    localTimeProblemSql(`${source} AS r`, '$1::text'),
    [timezone, times, keys],
  );
  if (problem) {
    const index = Number(problem.line) - 1;
    throw localTimeError(problem, timezone, {
      field: `readings.${index}.time`,
      text: `readings[${index}].time`,
    });
  }
  const [duplicate] = await runner.query<{ line: string; first: string }[]>(
    duplicateKeySql(source, '$1::text', extraKey),
    [timezone, times, keys],
  );
  if (duplicate) {
    const [index, first] = [Number(duplicate.line) - 1, Number(duplicate.first) - 1];
    throw new BadInputError(
      ErrorCode.INGEST_DUPLICATE_ROW,
      `readings[${index}] repeats the key of readings[${first}] (the same instant, however written)`,
      [
        {
          field: `readings.${index}.time`,
          message: `same time${extraKey ? ` and ${extraKey}` : ''} as readings.${first}`,
        },
      ],
    );
  }
}
