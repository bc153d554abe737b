/**
 * The global ValidationPipe: unknown fields are refused, values are converted to the DTO's
 * types, and a 400 problem+json names every offending field (nested paths joined with dots).
 */
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './domain-error';
import { problem } from './problem-details.filter';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
      return new BadRequestException({ problem: problem(400, 'REQUEST.VALIDATION_FAILED', detail, fields) });
    },
  });
}
