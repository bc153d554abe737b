/**
 * Ids are PostgreSQL uuids: 32 hex digits in the 8-4-4-4-12 form, whatever their version and
 * variant bits. RFC 9562 validators refuse ids the EnMS writes itself (its seed machines are
 * c0000000-0000-0000-0000-000000000001 and the like), which FastAPI and PostgreSQL take.
 */
import { Matches } from 'class-validator';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_TEXT.test(value);
}

/** class-validator: the property is a uuid as PostgreSQL writes it. */
export const IsUuid = () => Matches(UUID_TEXT, { message: ({ property }) => `${property} must be a UUID` });
