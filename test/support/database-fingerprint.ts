/**
 * A fingerprint of the database's content, to show that requests changed nothing: per table the
 * row count and the newest row version (max xmin). An INSERT or UPDATE writes a row version with
 * a newer transaction id, a DELETE lowers the count, so any committed change shows, without
 * reading the rows' contents (the demo meter data are ~100 000 rows, fingerprinted ~90 times).
 */
import { DataSource } from 'typeorm';

export type Fingerprint = Record<string, string>;

/**
 * mps_audit_log is left out on purpose: refused change requests are recorded there by design
 * (checked separately, see auditEntriesAfter). pgboss.job is included: a refused request must not
 * queue work. The rest of the pgboss schema is pg-boss's own bookkeeping (maintenance times).
 */
export async function fingerprint(db: DataSource): Promise<Fingerprint> {
  const tables: { name: string }[] = await db.query(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'mps_audit_log'
      ORDER BY table_name`,
  );
  const names = [...tables.map((t) => t.name), 'pgboss.job'];
  const rows: { name: string; print: string }[] = await db.query(
    names
      .map(
        (name) =>
          `SELECT '${name}' AS name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS print FROM ${name}`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.print]));
}

export interface AuditRow {
  method: string;
  outcome: number;
  request_id: string;
}

export async function lastAuditId(db: DataSource): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(id), 0)::text AS id FROM mps_audit_log');
  return row.id as string;
}

export function auditEntriesAfter(db: DataSource, id: string): Promise<AuditRow[]> {
  return db.query('SELECT method, outcome, request_id FROM mps_audit_log WHERE id > $1 ORDER BY id', [id]);
}
