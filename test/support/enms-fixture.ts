/**
 * A database shaped like a running EnMS (RaptorBlingx/enms), in one of two states:
 * - 'base': the EnMS's own schema and rows (enms-base-schema.ts, enms-rows.ts);
 * - 'with-predecessor': plus the predecessor's four tables and three views with its rows.
 * Built on an empty database; the ids the tests assert on are IDS.
 *
 * snapshotEnmsRows reads every row of the fixture's tables, restricted to the fixture's own
 * columns (the service may add columns), values in a canonical form (numbers as numbers whatever
 * the numeric type, instants as UTC ISO strings), so that "all still there and unchanged" is a
 * comparison: diffSnapshots names what went missing or changed.
 */
import { Client } from 'pg';
import { ENMS_BASE_SCHEMA, ENMS_TABLES, ENMS_VIEWS, TIMESCALE_STAND_IN } from './enms-base-schema';
import { PREDECESSOR_SCHEMA, PREDECESSOR_TABLES, PREDECESSOR_VIEWS } from './enms-predecessor-schema';
import { enmsRows, IDS, PREDECESSOR_ROWS } from './enms-rows';
import { ColumnShape, columnsOf } from './schema-shape';

export {
  AB_TEST_NAME,
  IDS,
  PREDECESSOR_METRIC_IDS,
  READING_DAYS,
  READING_SPACING_MINUTES,
} from './enms-rows';

export type EnmsState = 'base' | 'with-predecessor';

/** Columns per table (or view), as information_schema lists them. */
export type ColumnsByTable = Record<string, ColumnShape[]>;

export interface EnmsFixture {
  state: EnmsState;
  ids: typeof IDS;
  /** When the rows were written (the predecessor's times are relative to it). */
  builtAt: Date;
  /** The fixture's own tables and their columns as built: what snapshotEnmsRows compares. */
  tables: ColumnsByTable;
  /** The fixture's views and their columns as built. */
  views: ColumnsByTable;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function buildEnmsDatabase(url: string, state: EnmsState): Promise<EnmsFixture> {
  const builtAt = new Date();
  const withPredecessor = state === 'with-predecessor';
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('enms_fixture.now', $1, true)`, [builtAt.toISOString()]);
    const statements = [
      ...ENMS_BASE_SCHEMA,
      ...enmsRows(state),
      ...TIMESCALE_STAND_IN,
      ...(withPredecessor ? [...PREDECESSOR_SCHEMA, ...PREDECESSOR_ROWS] : []),
    ];
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const tableNames = Object.keys(fixtureKeys(state));
    const viewNames = [...ENMS_VIEWS, ...(withPredecessor ? PREDECESSOR_VIEWS : [])];
    return {
      state,
      ids: IDS,
      builtAt,
      tables: byTable(await columnsOf(client, tableNames)),
      views: byTable(await columnsOf(client, viewNames)),
    };
  });
}

/**
 * The predecessor's tables and views with their columns as 13-model-performance-tracking.sql
 * creates them on this database: created in a transaction that is rolled back. Call it before
 * the service has touched the database (on an adopted one the CREATEs would meet its objects).
 */
export async function publishedPredecessorColumns(url: string): Promise<ColumnsByTable> {
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    try {
      for (const statement of PREDECESSOR_SCHEMA) await client.query(statement);
      return byTable(await columnsOf(client, [...Object.keys(PREDECESSOR_TABLES), ...PREDECESSOR_VIEWS]));
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

export interface TableSnapshot {
  key: readonly string[];
  missingColumns: string[];
  rows: Map<string, string>;
}

export type RowSnapshot = Record<string, TableSnapshot | 'table is gone'>;

/** Every row of the given tables, restricted to the given columns, in canonical form, by key. */
export async function snapshotEnmsRows(url: string, tables: ColumnsByTable): Promise<RowSnapshot> {
  return withClient(url, async (client) => {
    const present = byTable(await columnsOf(client, Object.keys(tables)));
    const snapshot: RowSnapshot = {};
    for (const [table, columns] of Object.entries(tables)) {
      if (!present[table]) {
        snapshot[table] = 'table is gone';
        continue;
      }
      const existing = new Set(present[table].map((column) => column.column));
      const kept = columns.filter((column) => existing.has(column.column));
      const key = KEYS[table] ?? ['id'];
      const { rows } = await client.query(`SELECT ${kept.map(canonical).join(', ')} FROM ${quote(table)}`);
      snapshot[table] = {
        key,
        missingColumns: columns
          .filter((column) => !existing.has(column.column))
          .map((column) => column.column),
        rows: new Map(rows.map((row) => [JSON.stringify(key.map((name) => row[name])), JSON.stringify(row)])),
      };
    }
    return snapshot;
  });
}

/**
 * What differs between two snapshots: tables gone, columns gone, rows missing, added or changed
 * (at most three examples per table). `changeable` lists rows allowed to change, by table and key.
 */
export function diffSnapshots(
  before: RowSnapshot,
  after: RowSnapshot,
  changeable: Record<string, string[]> = {},
): string[] {
  const problems: string[] = [];
  for (const [table, was] of Object.entries(before)) {
    const now = after[table];
    if (was === 'table is gone') continue;
    if (now === undefined || now === 'table is gone') {
      problems.push(`${table}: the table is gone`);
      continue;
    }
    if (now.missingColumns.length > 0)
      problems.push(`${table}: columns gone: ${now.missingColumns.join(', ')}`);
    const allowed = new Set((changeable[table] ?? []).map((id) => JSON.stringify([id])));
    const missing = [...was.rows.keys()].filter((key) => !now.rows.has(key));
    const changed = [...was.rows.keys()].filter(
      (key) => now.rows.has(key) && now.rows.get(key) !== was.rows.get(key) && !allowed.has(key),
    );
    const added = [...now.rows.keys()].filter((key) => !was.rows.has(key));
    if (missing.length > 0)
      problems.push(`${table}: ${missing.length} row(s) missing, e.g. ${missing.slice(0, 3).join(' ')}`);
    if (added.length > 0)
      problems.push(`${table}: ${added.length} row(s) added, e.g. ${added.slice(0, 3).join(' ')}`);
    for (const key of changed.slice(0, 3))
      problems.push(`${table}: row ${key} changed: ${fieldChanges(was.rows.get(key)!, now.rows.get(key)!)}`);
    if (changed.length > 3) problems.push(`${table}: ${changed.length} rows changed in all`);
  }
  return problems;
}

/** The fixture's tables with the key that tells their rows apart. */
export function fixtureKeys(state: EnmsState): Record<string, readonly string[]> {
  return state === 'with-predecessor' ? { ...ENMS_TABLES, ...PREDECESSOR_TABLES } : { ...ENMS_TABLES };
}

const KEYS: Record<string, readonly string[]> = { ...ENMS_TABLES, ...PREDECESSOR_TABLES };

function fieldChanges(before: string, after: string): string {
  const was = JSON.parse(before) as Record<string, unknown>;
  const now = JSON.parse(after) as Record<string, unknown>;
  return Object.keys(was)
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
    .map((field) => `${field} ${JSON.stringify(was[field])} → ${JSON.stringify(now[field])}`)
    .join(', ');
}

/** One value per type family, so that a numeric(5,4) kept as double precision compares equal. */
function canonical(column: ColumnShape): string {
  const name = quote(column.column);
  const as = `AS ${name}`;
  switch (column.data_type) {
    case 'numeric':
    case 'double precision':
    case 'real':
    case 'integer':
    case 'bigint':
    case 'smallint':
      return `${name}::float8 ${as}`;
    case 'timestamp with time zone':
      return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ${as}`;
    case 'json':
    case 'jsonb':
      return `${name}::jsonb ${as}`;
    case 'ARRAY':
      return `to_jsonb(${name}) ${as}`;
    case 'boolean':
      return `${name} ${as}`;
    default:
      return `${name}::text ${as}`;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export function byTable(columns: ColumnShape[]): ColumnsByTable {
  const tables: ColumnsByTable = {};
  for (const column of columns) (tables[column.table] ??= []).push(column);
  return tables;
}
