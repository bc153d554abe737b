/**
 * The shape of the public schema as information_schema and the catalogs describe it: columns,
 * indexes, views, constraints and triggers, each as sorted plain rows, so that two readings can be
 * compared with toEqual (a second start must not change any of them).
 */
import type { Client } from 'pg';

export interface ColumnShape {
  table: string;
  column: string;
  position: number;
  data_type: string;
  udt_name: string;
  default: string | null;
  nullable: boolean;
}

export interface SchemaShape {
  columns: ColumnShape[];
  indexes: { table: string; name: string; definition: string }[];
  views: { name: string; definition: string }[];
  constraints: { table: string; name: string; definition: string }[];
  triggers: { table: string; name: string; definition: string }[];
}

/** Columns of the public tables and views (optionally only the named ones), by table and position. */
export async function columnsOf(client: Client, tables?: readonly string[]): Promise<ColumnShape[]> {
  const { rows } = await client.query<ColumnShape>(
    `SELECT table_name AS table, column_name AS column, ordinal_position::int AS position, data_type, udt_name,
            column_default AS default, is_nullable = 'YES' AS nullable
       FROM information_schema.columns
      WHERE table_schema = 'public' AND ($1::text[] IS NULL OR table_name = ANY ($1))
      ORDER BY table_name, ordinal_position`,
    [tables ?? null],
  );
  return rows;
}

export async function schemaShape(client: Client): Promise<SchemaShape> {
  const query = async <T extends object>(sql: string) => (await client.query<T>(sql)).rows;
  return {
    columns: await columnsOf(client),
    indexes: await query(
      `SELECT tablename AS table, indexname AS name, indexdef AS definition
         FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`,
    ),
    views: await query(
      `SELECT viewname AS name, definition FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`,
    ),
    constraints: await query(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    triggers: await query(
      `SELECT tgrelid::regclass::text AS table, tgname AS name, pg_get_triggerdef(oid) AS definition
         FROM pg_trigger WHERE NOT tgisinternal
          AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
        ORDER BY 1, 2`,
    ),
  };
}

/** The type family PostgreSQL's own categories give (N numeric, S string, D date/time, ...). */
export async function typeCategories(client: Client): Promise<Record<string, string>> {
  const { rows } = await client.query<{ name: string; category: string }>(
    `SELECT typname AS name, typcategory AS category FROM pg_type
      WHERE typnamespace IN ('pg_catalog'::regnamespace, 'public'::regnamespace)`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.category]));
}

/** A column's type family: PostgreSQL's category, or the type itself where the category says little (uuid, jsonb, arrays, enums). */
export function typeFamily(column: ColumnShape, categories: Record<string, string>): string {
  const category = categories[column.udt_name] ?? '?';
  return ['U', 'A', 'E'].includes(category) ? column.udt_name : category;
}

/** A default without its casts and with numbers as numbers: `0.50::numeric(3,2)` and `0.5` are the same default. */
export function normalizedDefault(value: string | null): string | null {
  if (value === null) return null;
  const bare = value
    .replace(/::[a-z_ ]+(\(\d+(,\s*\d+)?\))?(\[\])?/gi, '')
    .replace(/^\((.*)\)$/, '$1')
    .replace(/uuid_generate_v4\(\)/, 'gen_random_uuid()')
    .replace(/\bnow\(\)/i, 'now()')
    .trim();
  const number = Number(bare.replace(/^'(.*)'$/, '$1'));
  return bare !== '' && Number.isFinite(number) ? String(number) : bare;
}
