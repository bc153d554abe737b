/** Swagger decorators for the problem+json error responses every endpoint documents. */
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { NOT_FOUND_CODES, NotFoundSubject } from './domain-error';
import { ErrorCode } from './error-codes';

const example = (
  status: number,
  code: ErrorCode,
  detail: string,
  errors?: { field: string; message: string }[],
) => ({
  'application/problem+json': {
    example: {
      type: `https://enms.example/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
      title:
        { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large' }[status] ??
        'Error',
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
      instance: '/api/v1/model-performance/...',
      request_id: '6a1f4c1e-2d5b-4a51-9d6c-0b8f0c1e2d3f',
    },
  },
});

export const ApiBadRequestProblem = (
  detail = 'Invalid request: machine_id',
  field = 'machine_id',
  problem: { code: ErrorCode; message: string } = {
    code: ErrorCode.REQUEST_VALIDATION_FAILED,
    message: 'must be a UUID',
  },
) =>
  ApiResponse({
    status: 400,
    description: 'Bad input: the problem names each offending field',
    content: example(400, problem.code, detail, [{ field, message: problem.message }]),
  });

export const ApiNotFoundProblem = (what: NotFoundSubject | 'active model' = 'machine') =>
  ApiResponse({
    status: 404,
    description: what === 'active model' ? 'The machine has no active model of this type' : `Unknown ${what}`,
    content:
      what === 'active model'
        ? example(
            404,
            ErrorCode.MODEL_NO_ACTIVE_VERSION,
            'machine 5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11 has no active baseline model',
          )
        : example(404, NOT_FOUND_CODES[what], `${what} 5b0f4bd8-8a4e-4b7e-9a7a-0f2f3f7c9e11 was not found`),
  });

export const ApiConflictProblem = (code: ErrorCode, detail: string) =>
  ApiResponse({
    status: 409,
    description: 'Conflict with the current state',
    content: example(409, code, detail),
  });

export const ApiStandardProblems = (what: NotFoundSubject = 'machine') =>
  applyDecorators(ApiBadRequestProblem(), ApiNotFoundProblem(what));
