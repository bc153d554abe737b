/**
 * Errors the domain raises on purpose. Each carries a stable code (e.g. TRAINING.ALREADY_RUNNING)
 * and the HTTP status it maps to; the problem+json filter turns it into a response.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string, field?: string) {
    super(
      `${what.toUpperCase().replace(/\s+/g, '_')}.NOT_FOUND`,
      404,
      `${what} ${id} was not found`,
      field ? [{ field, message: `no ${what} with id ${id}` }] : [],
    );
  }
}

export class BadInputError extends DomainError {
  constructor(code: string, message: string, fields: FieldProblem[]) {
    super(code, 400, message, fields);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}
