/**
 * Errors the domain raises on purpose. Each carries a stable code (one of ErrorCode) and the HTTP
 * status it maps to; the problem+json filter turns it into a response.
 */
import { ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** What a 404 can be about, with its code. */
export const NOT_FOUND_CODES = {
  machine: ErrorCode.MACHINE_NOT_FOUND,
  model: ErrorCode.MODEL_NOT_FOUND,
  'A/B test': ErrorCode.AB_TEST_NOT_FOUND,
  'training job': ErrorCode.TRAINING_JOB_NOT_FOUND,
  alert: ErrorCode.ALERT_NOT_FOUND,
  anomaly: ErrorCode.ANOMALY_NOT_FOUND,
  'api key': ErrorCode.API_KEY_NOT_FOUND,
  metrics: ErrorCode.METRICS_NOT_FOUND,
  'scheduler tick': ErrorCode.SCHEDULER_TICK_NOT_FOUND,
} as const;
export type NotFoundSubject = keyof typeof NOT_FOUND_CODES;

export class NotFoundError extends DomainError {
  constructor(what: NotFoundSubject, id: string, field?: string) {
    super(
      NOT_FOUND_CODES[what],
      404,
      `${what} ${id} was not found`,
      field ? [{ field, message: `no ${what} with id ${id}` }] : [],
    );
  }
}

/** The machine has no active version of the model type a request needs. */
export class NoActiveVersionError extends DomainError {
  constructor(modelType: string, machineId: string, field: string) {
    super(ErrorCode.MODEL_NO_ACTIVE_VERSION, 404, `machine ${machineId} has no active ${modelType} model`, [
      { field, message: `no active ${modelType} model for machine ${machineId}` },
    ]);
  }
}

export class BadInputError extends DomainError {
  constructor(code: ErrorCode, message: string, fields: FieldProblem[]) {
    super(code, 400, message, fields);
  }
}

export class ConflictError extends DomainError {
  constructor(code: ErrorCode, message: string) {
    super(code, 409, message);
  }
}

/**
 * An error a later attempt would meet again: a refusal the domain raised on purpose, or the
 * RangeError by which the algorithms refuse data they cannot use. Anything else (a TypeError is
 * a bug; the database, the network) may pass on a retry and is never blamed on the data.
 */
export function isDataError(error: unknown): boolean {
  return (error instanceof DomainError && error.status < 500) || error instanceof RangeError;
}
