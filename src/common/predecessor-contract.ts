/**
 * The seven endpoints of the predecessor (FastAPI) keep its leniency, so that callers written for
 * it keep working: query parameters it never declared (cache busters such as `_=1733000000000`)
 * are dropped instead of refused, and a stray body where it took none is ignored. Everywhere else
 * the service refuses undeclared input (see UndeclaredInputGuard).
 */
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { getMetadataStorage, Matches } from 'class-validator';

export const PREDECESSOR_CONTRACT = 'mps:predecessor-contract';

/** Marks a handler as one of the predecessor's seven endpoints (also in the OpenAPI document). */
export const PredecessorContract = () =>
  applyDecorators(SetMetadata(PREDECESSOR_CONTRACT, true), ApiExtension('x-predecessor-contract', true));

/** Names of the properties a query DTO class validates (what the endpoint declares). */
export function declaredProperties(dto: unknown): Set<string> {
  if (typeof dto !== 'function') return new Set();
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    dto as new () => object,
    '',
    true,
    false,
  );
  return new Set(metadatas.map((metadata) => metadata.propertyName));
}

/**
 * A date-time as FastAPI (pydantic) accepted it: ISO 8601 with `T` or a space, with or without
 * seconds, fractions and offset, or Unix seconds. Without an offset it is UTC, as the predecessor
 * bound naive datetimes to timestamptz. Returns the instant, or null for anything else.
 */
export function parsePredecessorDateTime(value: string): Date | null {
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    const seconds = Number(value);
    return Math.abs(seconds) < 1e11 ? new Date(seconds * 1000) : null;
  }
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      value,
    );
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone] = match;
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const text = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`;
  const instant = new Date(text);
  // Date() rolls 2015-02-30 over to March: the calendar fields must survive the round trip.
  const utc = new Date(instant.getTime() + (offset === 'Z' ? 0 : offsetMinutes(offset) * 60_000));
  const sameDay =
    utc.getUTCFullYear() === Number(year) &&
    utc.getUTCMonth() + 1 === Number(month) &&
    utc.getUTCDate() === Number(day);
  return Number.isNaN(instant.getTime()) || !sameDay || Number(hour) > 23 ? null : instant;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

/** class-validator/transformer pair for a predecessor date-time query parameter: normalised to ISO. */
export function PredecessorDateTime(): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const instant = parsePredecessorDateTime(value.trim());
      return instant ? instant.toISOString() : value;
    })(target, property);
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, {
      message: `${String(property)} must be a date-time such as 2015-12-08T00:00:00Z or 2015-12-08 00:00:00 (UTC)`,
    })(target, property);
  };
}
