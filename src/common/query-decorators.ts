/** Property decorators that the query and body DTOs of several modules share. */
import { Transform } from 'class-transformer';
import { IsISO8601 } from 'class-validator';

/** An ISO 8601 date-time as RFC 3339 writes it: a real calendar date, `T` between date and time. */
export const Iso = () => IsISO8601({ strict: true, strictSeparator: true });

/** Query booleans arrive as strings: only "true" and "false" are accepted. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
