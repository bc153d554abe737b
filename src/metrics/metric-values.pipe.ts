import { Injectable, PipeTransform } from '@nestjs/common';
import { BadInputError, FieldProblem } from '../common/domain-error';
import { ErrorCode } from '../common/error-codes';

const METRIC_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_METRICS = 50;
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The predecessor's body for POST /metrics/record: `{metric_name: number}`. Names are free
 * (r_squared, rmse, mae, mape, cv_rmse, ...) but must be identifiers; values finite numbers, or
 * numeric strings as FastAPI took them.
 */
@Injectable()
export class MetricValuesPipe implements PipeTransform<unknown, Record<string, number>> {
  transform(body: unknown): Record<string, number> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadInputError(
        ErrorCode.REQUEST_VALIDATION_FAILED,
        'the body must be a JSON object of metric names to numbers',
        [{ field: 'body', message: 'must be an object such as {"r_squared": 0.91, "rmse": 12.3}' }],
      );
    }
    const entries = Object.entries(body as Record<string, unknown>);
    const problems: FieldProblem[] = [];
    if (entries.length === 0) problems.push({ field: 'body', message: 'at least one metric is required' });
    if (entries.length > MAX_METRICS)
      problems.push({ field: 'body', message: `at most ${MAX_METRICS} metrics` });
    const values: [string, number][] = [];
    for (const [name, raw] of entries) {
      // FastAPI coerced numeric strings ("0.91") to floats; its callers may still send them.
      const value = typeof raw === 'string' && NUMERIC_TEXT.test(raw.trim()) ? Number(raw) : raw;
      if (!METRIC_NAME.test(name))
        problems.push({ field: name, message: 'metric names are lower-case identifiers' });
      else if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e15) {
        problems.push({ field: name, message: 'must be a finite number' });
      } else values.push([name, value]);
    }
    if (problems.length > 0) {
      throw new BadInputError(
        ErrorCode.REQUEST_VALIDATION_FAILED,
        `Invalid metrics: ${problems.map((p) => p.field).join(', ')}`,
        problems,
      );
    }
    return Object.fromEntries(values);
  }
}
