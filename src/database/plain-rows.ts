/**
 * Single rows through plain SQL where TypeORM's generic path costs more CPU than the query itself
 * on the hot requests (bench/README.md, "api"). Entity properties are the column names
 * (snake_case), so a returned row has the entity's shape.
 */
import type { EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { UnitOfWork } from './unit-of-work';

/**
 * One new row through a plain `INSERT ... RETURNING *`. TypeORM's save() sends the same INSERT but
 * wraps it in a transaction of its own and runs change detection, subscribers and a merge of the
 * returned values on every call: on POST /metrics/record that was the largest share of the service's
 * CPU per request.
 */
export async function insertRow<T extends ObjectLiteral>(
  uow: UnitOfWork,
  entity: EntityTarget<T>,
  values: Partial<T>,
): Promise<T> {
  const metadata = uow.manager.connection.getMetadata(entity);
  const names = Object.keys(values).filter((name) => values[name] !== undefined);
  const columns = names.map((name) => {
    const column = metadata.findColumnWithPropertyName(name);
    if (!column) throw new TypeError(`${metadata.tableName} has no column for property "${name}"`);
    return column;
  });
  // pg sends a JS array as a PostgreSQL array: JSON columns get their text instead.
  const parameters = columns.map((column) => {
    const value: unknown = values[column.propertyName];
    return (column.type === 'jsonb' || column.type === 'json') && value !== null
      ? JSON.stringify(value)
      : value;
  });
  const [row] = await uow.query<T>(
    `INSERT INTO "${metadata.tableName}" (${columns.map((column) => `"${column.databaseName}"`).join(', ')})
     VALUES (${parameters.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING *`,
    parameters,
  );
  return row;
}

const selectByIdText = new WeakMap<EntityMetadata, string>();

/**
 * The row of that primary key, or null: the entity's columns by name, in one statement built once
 * per entity. TypeORM's findOneBy sends the same SELECT but builds it through its query builder and
 * maps aliased columns back onto a new entity on every call: the machine and version lookups that
 * open most requests.
 */
export async function findRowById<T extends ObjectLiteral>(
  uow: UnitOfWork,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  const metadata = uow.manager.connection.getMetadata(entity);
  let text = selectByIdText.get(metadata);
  if (text === undefined) {
    const [key] = metadata.primaryColumns;
    const columns = metadata.columns.map((column) => `"${column.databaseName}"`).join(', ');
    text = `SELECT ${columns} FROM "${metadata.tableName}" WHERE "${key.databaseName}" = $1`;
    selectByIdText.set(metadata, text);
  }
  const [row] = await uow.query<T>(text, [id]);
  return row ?? null;
}
