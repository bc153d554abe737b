import { Injectable, PipeTransform } from '@nestjs/common';
import { isISO8601 } from 'class-validator';
import { BadInputError } from './domain-error';
import { ErrorCode } from './error-codes';

/** Parses an ISO 8601 date-time path parameter (RFC 3339 form) and names it in the 400 when it is not one. */
@Injectable()
export class InstantPipe implements PipeTransform<unknown, Date> {
  constructor(private readonly field: string) {}

  transform(value: unknown): Date {
    if (typeof value !== 'string' || !isISO8601(value, { strict: true, strictSeparator: true })) {
      throw new BadInputError(ErrorCode.REQUEST_INVALID_TIME, `${this.field} must be an ISO 8601 date-time`, [
        { field: this.field, message: 'must be an ISO 8601 date-time, e.g. 2026-12-03T00:30:00.000Z' },
      ]);
    }
    return new Date(value);
  }
}
