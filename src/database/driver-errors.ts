/**
 * What PostgreSQL said when it refused a statement, for repositories to turn into domain outcomes
 * (a conflict, an unknown reference). Services never see driver errors.
 */
import { QueryFailedError } from 'typeorm';

export interface DriverError {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

export function driverErrorOf(error: unknown): DriverError | null {
  return error instanceof QueryFailedError ? (error.driverError as DriverError) : null;
}

/** SQLSTATE 23505 on the named unique index or constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = driverErrorOf(error);
  return driver?.code === '23505' && driver.constraint === constraint;
}

/** SQLSTATE 23503 on the named foreign key. */
export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  const driver = driverErrorOf(error);
  return driver?.code === '23503' && driver.constraint === constraint;
}
