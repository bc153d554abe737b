/**
 * Typed configuration from the environment, validated at startup: one class per concern,
 * each field mapped to one variable. A bad variable fails startup with a one-line message
 * naming it (brocoders-style validate-config).
 */
import { plainToInstance, Transform } from 'class-transformer';
import { validateSync, ValidateBy } from 'class-validator';
import { validateCronExpression } from 'cron';

export class ConfigValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigValidationError';
  }
}

/** Variable name per field of the config class. */
export type EnvMapping<T> = { [K in keyof T]: string };

export function loadConfig<T extends object>(
  cls: new () => T,
  mapping: EnvMapping<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const raw: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries<string>(mapping)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const instance = plainToInstance(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const variable = (mapping as Record<string, string>)[error.property] ?? error.property;
      const reason = Object.values(error.constraints ?? {}).join('; ');
      return `${variable}=${JSON.stringify(env[variable] ?? '')}: ${reason}`;
    });
    throw new ConfigValidationError(`Invalid configuration: ${problems.join(' | ')}`);
  }
  return instance;
}

/**
 * Environment booleans: only true/false/1/0 are accepted. (Implicit conversion would turn
 * the string "false" into true; anything else is left as a string so validation names it.)
 */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    if (typeof raw === 'boolean') return raw;
    const text = String(raw).toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return raw;
  });
}

/** A cron expression the scheduler accepts (5 fields, or 6 with seconds first), refused at startup otherwise. */
export function IsCronExpression(): PropertyDecorator {
  return ValidateBy({
    name: 'isCronExpression',
    validator: {
      validate: (value) => typeof value === 'string' && validateCronExpression(value).valid,
      defaultMessage: () => 'must be a cron expression (5 fields, or 6 with seconds first)',
    },
  });
}
