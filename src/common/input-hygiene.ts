/**
 * Checks every request input must pass whatever its DTO says, because they break what lies
 * behind the DTO: PostgreSQL cannot store NUL characters or unpaired UTF-16 surrogates (text and
 * jsonb refuse them), deep nesting exhausts the stack of class-transformer and of PostgreSQL's
 * jsonb parser, and __proto__ / constructor / prototype keys are prototype-pollution vectors that
 * class-transformer drops silently instead of reporting them as unknown fields.
 */
import { FieldProblem } from './domain-error';

/** Deeper than any input of this API (the deepest DTO nests three levels). */
export const MAX_INPUT_DEPTH = 32;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_PROBLEMS = 20;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The same pattern without the global flag, whose test() keeps no position between calls. */
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

function unstorable(text: string): boolean {
  return text.includes('\u0000') || HAS_LONE_SURROGATE.test(text);
}

/** The offending places of an input (query, body, route parameter), as dotted field paths. */
export function unsafeInput(value: unknown, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof node === 'string') {
      if (unstorable(node))
        problems.push({ field: path, message: 'must not contain NUL characters or unpaired surrogates' });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > MAX_INPUT_DEPTH) {
      problems.push({ field: path, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return;
    }
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) problems.push({ field: at, message: `${key} is not an allowed name` });
      else if (unstorable(key))
        problems.push({ field: at, message: 'names must not contain NUL characters or unpaired surrogates' });
      else visit((node as Record<string, unknown>)[key], at, depth + 1);
    }
  };
  visit(value, field, 0);
  return problems;
}

/** Text as PostgreSQL can store it, for records of what was sent (the audit trail): U+FFFD for the rest. */
export function storable<T>(value: T): T {
  if (typeof value === 'string')
    return value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD') as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(storable) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [storable(key), storable(inner)]),
  ) as T;
}
