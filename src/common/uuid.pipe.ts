import { Injectable, PipeTransform } from '@nestjs/common';
import { BadInputError } from './domain-error';
import { isUuid } from './uuid';
import { ErrorCode } from './error-codes';

/** Validates a UUID path or query parameter and names it in the 400 when it is not one. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUuid(value)) {
      throw new BadInputError(ErrorCode.REQUEST_INVALID_UUID, `${this.field} must be a UUID`, [
        { field: this.field, message: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}
