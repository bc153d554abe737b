import { BadInputError } from './domain-error';
import { ErrorCode } from './error-codes';

/** A request's [start, end) window; 400 naming the end field unless end is after start. */
export function parseWindow(
  startText: string,
  endText: string,
  fields: [string, string],
): { start: Date; end: Date } {
  const start = new Date(startText);
  const end = new Date(endText);
  if (!(end > start)) {
    throw new BadInputError(ErrorCode.REQUEST_BAD_WINDOW, `${fields[1]} must be after ${fields[0]}`, [
      { field: fields[1], message: `must be after ${fields[0]}` },
    ]);
  }
  return { start, end };
}
