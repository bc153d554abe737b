/**
 * The global ValidationPipe: unknown fields are refused, values are converted to the DTO's
 * types, and a 400 problem+json names every offending field (nested paths joined with dots).
 * Before any DTO sees an input, input-hygiene.ts refuses what no DTO can catch.
 */
import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError, FieldProblem } from './domain-error';
import { unsafeInput } from './input-hygiene';
import { memoiseValidationMetadata } from './validation-metadata';
import { problem } from './problem-details.filter';
import { ErrorCode } from './error-codes';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** A 400 naming each offending field, for checks outside class-validator. */
export function invalidRequest(
  problems: FieldProblem[],
  code: ErrorCode = ErrorCode.REQUEST_VALIDATION_FAILED,
): BadInputError {
  return new BadInputError(code, `Invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);
}

/** Refuses an input that input-hygiene.ts finds unsafe, naming the places; else returns it. */
export function assertSafeInput<T>(value: T, field: string): T {
  const problems = unsafeInput(value, field);
  if (problems.length > 0) throw invalidRequest(problems);
  return value;
}

class SafeInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A named parameter (@Param('id')) is reported by its name, a whole query or body object by its keys.
    const objectInput = typeof value === 'object' && value !== null;
    assertSafeInput(value, metadata.data ?? (objectInput ? '' : metadata.type));
    // class-validator passes an array or a string in place of a DTO object without a word.
    const notAnObject = value !== undefined && (!objectInput || Array.isArray(value));
    if (metadata.type === 'body' && this.toValidate(metadata) && notAnObject)
      throw invalidRequest([{ field: 'body', message: 'must be a JSON object' }]);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new SafeInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const detail = `Invalid request: ${fields
        .map((f) => f.field)
        .filter((f, i, all) => all.indexOf(f) === i)
        .join(', ')}`;
      return new BadRequestException({
        problem: problem(400, ErrorCode.REQUEST_VALIDATION_FAILED, detail, fields),
      });
    },
  });
}
