/**
 * fast-check arbitraries of malformed requests, derived from the app's own OpenAPI document so
 * that an endpoint added later is covered without editing the test. Each request is valid in
 * every part but one; the broken part is named (`field`) when the problem should name it.
 */
import { parsePredecessorDateTime } from '../../src/common/predecessor-contract';
import fc from 'fast-check';
import { isISO8601 } from 'class-validator';
import { isUuid } from '../../src/common/uuid';

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  $ref?: string;
}

interface Parameter {
  in: 'path' | 'query';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

interface OperationObject {
  'x-predecessor-contract'?: boolean;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface Operation {
  method: string;
  /** Fastify form: /machines/:id */
  path: string;
  parameters: Parameter[];
  body?: { contentType: string; schema: Schema };
  /** One of the predecessor's seven endpoints: it drops undeclared input and takes FastAPI's date-times. */
  predecessor: boolean;
}

export interface MalformedRequest {
  /** What is wrong, for the failure report. */
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The input the problem must name. */
  field?: string;
  /** The one status that is right for this request, when only one is. */
  status?: number;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
    return {
      ...schema,
      ...(schema.items ? { items: resolve(schema.items) } : {}),
      ...(schema.properties
        ? {
            properties: Object.fromEntries(
              Object.entries(schema.properties).map(([name, property]) => [name, resolve(property)]),
            ),
          }
        : {}),
    };
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const [contentType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        parameters: operation.parameters ?? [],
        body: contentType ? { contentType, schema: resolve(media.schema) } : undefined,
        predecessor: operation['x-predecessor-contract'] === true,
      };
    }),
  );
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;
/** Numbers no field of this service accepts, as text: query strings, CSV cells, string-typed JSON. */
const HUGE_TEXT = ['1e308', '-1e308', '9007199254740993', 'NaN', 'Infinity', '-Infinity'];
/** The same as JSON number literals (1e400 parses to Infinity). */
const HUGE_JSON = ['1e308', '-1e308', '9007199254740993', '1e400', '-1e400'];
const BAD_DATES = [
  'yesterday',
  '2015-13-01T00:00:00Z',
  '2015-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2015-01-01T25:00:00Z',
  '2015-01-01 00:00:00',
  '+275760-09-13T00:00:00Z',
  ...HUGE_TEXT,
];
/** Keys that reach Object.prototype when an object is built by assignment. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

const withNul = fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}\u0000${b}`);
const loneSurrogate = fc.tuple(fc.string(), fc.constantFrom('\ud800', '\udfff')).map(([a, s]) => a + s);

function isDateTime(value: string): boolean {
  return isISO8601(value, { strict: true, strictSeparator: true }) || DATE_LIKE.test(value);
}

/**
 * A string that is not a valid value of this schema (query, path, CSV cell or JSON string); `lenient`:
 * date-times as the predecessor took them ("2015-01-01 00:00:00", Unix seconds) are valid.
 */
function malformedText(schema: Schema, example: string, lenient = false): fc.Arbitrary<string> {
  if (schema.format === 'uuid')
    return fc
      .oneof(
        fc.string({ minLength: 1 }),
        fc.uuid().map((id) => id.slice(0, -1)),
        fc.uuid().map((id) => `${id}0`),
        fc.uuid().map((id) => `{${id}}`),
        fc.uuid().map((id) => id.replace(/[0-9a-f]$/, 'g')),
        fc.constantFrom(...HUGE_TEXT),
        withNul,
      )
      .filter((value) => !isUuid(value));
  if (schema.enum) {
    const allowed = schema.enum.map(String);
    return fc
      .oneof(
        fc.string({ minLength: 1 }),
        fc.constantFrom(
          ...allowed.map((value) => value.toUpperCase()),
          ...allowed.map((value) => `${value} `),
        ),
        fc.constantFrom(...HUGE_TEXT),
        withNul,
      )
      .filter((value) => !allowed.includes(value));
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    const outside: fc.Arbitrary<string>[] = [];
    const { minimum, maximum } = schema;
    // Compared as the service will read them, so that -0 (printed "0") is not below a minimum of 0.
    if (minimum !== undefined)
      outside.push(
        fc
          .double({ min: -1e308, max: minimum, noNaN: true })
          .map(String)
          .filter((value) => Number(value) < minimum),
      );
    if (maximum !== undefined)
      outside.push(
        fc
          .double({ min: maximum, max: 1e308, noNaN: true })
          .map(String)
          .filter((value) => Number(value) > maximum),
      );
    return fc.oneof(fc.constantFrom(...HUGE_TEXT, 'abc', '1,5', '--1', '0x'), ...outside);
  }
  if (schema.type === 'boolean')
    return fc
      .oneof(fc.string({ minLength: 1 }), fc.constantFrom('1', '0', 'yes', 'TRUE', ...HUGE_TEXT))
      .filter((value) => value !== 'true' && value !== 'false');
  if (DATE_LIKE.test(example))
    return fc
      .oneof(
        fc.constantFrom(...BAD_DATES),
        fc.string({ minLength: 1 }).filter((value) => !isDateTime(value)),
      )
      .filter((value) => !lenient || parsePredecessorDateTime(value.trim()) === null);
  return fc.oneof(
    withNul,
    ...(schema.maxLength !== undefined ? [fc.constant('x'.repeat(schema.maxLength + 1))] : []),
  );
}

/** A valid JSON value of this schema: its example, else the first allowed value. */
function validJson(schema: Schema, id: string): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.type === 'object')
    return Object.fromEntries(
      (schema.required ?? []).map((name) => [name, validJson(schema.properties![name], id)]),
    );
  if (schema.type === 'array') return [validJson(schema.items!, id)];
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  return schema.format === 'uuid' ? id : 'x';
}

const exampleText = (schema: Schema) => (typeof schema.example === 'string' ? schema.example : '');

function validText(schema: Schema, id: string): string {
  return schema.format === 'uuid' ? id : String(validJson(schema, id));
}

const deeplyNested = fc
  .tuple(fc.integer({ min: 64, max: 5000 }), fc.boolean())
  .map(([depth, asArray]) =>
    asArray ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

/** JSON text of a value that does not fit this schema (wrong type, huge number, bad string, nesting). */
function malformedJson(schema: Schema, required: boolean, id: string): fc.Arbitrary<string> {
  const type = schema.type ?? 'object';
  const choices: fc.Arbitrary<string>[] = [deeplyNested];
  if (type !== 'string') choices.push(fc.string().map((value) => JSON.stringify(value)));
  if (type !== 'number' && type !== 'integer') choices.push(fc.constantFrom(...HUGE_JSON, '0', '-1'));
  if (type !== 'boolean') choices.push(fc.constantFrom('true', 'false'));
  if (type !== 'object') choices.push(fc.constant('{}'));
  if (type !== 'array') choices.push(fc.constant('[]'));
  if (type === 'array') choices.push(fc.constant(JSON.stringify(validJson(schema.items!, id))));
  if (required) choices.push(fc.constant('null'));
  if (type === 'number' || type === 'integer')
    choices.push(
      fc.constantFrom(...HUGE_JSON),
      fc.constantFrom(...HUGE_TEXT).map((value) => JSON.stringify(value)),
    );
  if (type === 'string') {
    choices.push(
      malformedText(schema, exampleText(schema)).map((value) => JSON.stringify(value)),
      withNul.map((value) => JSON.stringify(value)),
      loneSurrogate.map((value) => JSON.stringify(value)),
    );
  }
  return fc.oneof(...choices);
}

interface Field {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
}

/** Every property of a body schema, nested objects and the first element of arrays included. */
function fieldsOf(schema: Schema, path: (string | number)[] = []): Field[] {
  if (schema.type === 'array' && schema.items) return fieldsOf(schema.items, [...path, 0]);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [
    { path: [...path, name], schema: property, required: (schema.required ?? []).includes(name) },
    ...fieldsOf(property, [...path, name]),
  ]);
}

/** Object schemas inside a body (the body itself first), where unknown keys can be added. */
function objectsOf(schema: Schema, path: (string | number)[] = []): Field[] {
  if (schema.type === 'array' && schema.items) return objectsOf(schema.items, [...path, 0]);
  if (!schema.properties) return [];
  return [
    { path, schema, required: true },
    ...Object.entries(schema.properties).flatMap(([name, property]) => objectsOf(property, [...path, name])),
  ];
}

const PLACEHOLDER = '@@malformed@@';

/** The object or array at `path` inside `root`, created on the way when absent. */
function containerAt(root: Record<string | number, unknown>, path: (string | number)[]) {
  let holder = root;
  path.forEach((key, index) => {
    holder[key] ??= typeof path[index + 1] === 'number' ? [] : {};
    holder = holder[key] as Record<string | number, unknown>;
  });
  return holder;
}

/** The valid body with the value at `path` replaced by raw JSON text, or removed. */
function bodyWith(valid: unknown, path: (string | number)[], raw: string | undefined): string {
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  const holder = containerAt(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (raw === undefined) {
    delete holder[last];
    return JSON.stringify(copy);
  }
  holder[last] = PLACEHOLDER;
  return JSON.stringify(copy).replace(`"${PLACEHOLDER}"`, () => raw);
}

/** The valid body with an extra key (any name, __proto__ included) in the object at `path`. */
function bodyWithKey(valid: unknown, path: (string | number)[], key: string, raw: string): string {
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  containerAt(copy, path)[PLACEHOLDER] = PLACEHOLDER;
  return JSON.stringify(copy).replace(
    `"${PLACEHOLDER}":"${PLACEHOLDER}"`,
    () => `${JSON.stringify(key)}:${raw}`,
  );
}

const unknownName = (declared: string[]) =>
  fc
    .oneof(fc.stringMatching(/^[a-z][a-z_]{0,15}$/), fc.constantFrom(...PROTOTYPE_KEYS))
    .filter((name) => !declared.includes(name));

/** Families of malformed requests for one operation; each family breaks one kind of input. */
export function malformedRequests(
  operation: Operation,
  id: string,
  limits: { jsonBodyBytes: number },
): { label: string; requests: fc.Arbitrary<MalformedRequest> }[] {
  const params = (where: 'path' | 'query') => operation.parameters.filter((p) => p.in === where);
  const validPath = Object.fromEntries(params('path').map((p) => [p.name, validText(p.schema, id)]));
  const validQuery: [string, string][] = params('query')
    .filter((p) => p.required)
    .map((p) => [p.name, validText(p.schema, id)]);
  const json = operation.body?.contentType === 'application/json';
  const csv = operation.body?.contentType === 'text/csv';
  const validBody = operation.body ? validJson(operation.body.schema, id) : undefined;
  const validPayload = json ? JSON.stringify(validBody) : csv ? String(validBody) : undefined;
  const build = (
    label: string,
    parts: {
      path?: Record<string, string>;
      query?: [string, string][];
      payload?: string;
      contentType?: string;
      field?: string;
      status?: number;
    },
  ): MalformedRequest => {
    const path = { ...validPath, ...parts.path };
    const query = parts.query ?? validQuery;
    const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const payload = 'payload' in parts ? parts.payload : validPayload;
    return {
      label,
      method: operation.method,
      url:
        operation.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(path[name])) +
        (search ? `?${search}` : ''),
      headers:
        payload === undefined
          ? {}
          : { 'content-type': parts.contentType ?? operation.body?.contentType ?? 'application/json' },
      payload,
      field: parts.field,
      status: parts.status,
    };
  };
  const families: { label: string; requests: fc.Arbitrary<MalformedRequest> }[] = [];
  const family = (label: string, requests: fc.Arbitrary<MalformedRequest>) =>
    families.push({ label, requests });

  for (const p of params('path'))
    family(
      `path ${p.name}`,
      malformedText(p.schema, exampleText(p.schema))
        .filter((value) => value !== '' && !/^\.{1,2}$/.test(value))
        .map((value) =>
          build(`path ${p.name}=${JSON.stringify(value)}`, { path: { [p.name]: value }, field: p.name }),
        ),
    );

  const others = (name: string) => validQuery.filter(([k]) => k !== name);
  for (const p of params('query')) {
    family(
      `query ${p.name}`,
      malformedText(p.schema, exampleText(p.schema), operation.predecessor).map((value) =>
        build(`query ${p.name}=${JSON.stringify(value)}`, {
          query: [...others(p.name), [p.name, value]],
          field: p.name,
        }),
      ),
    );
    const valid = validText(p.schema, id);
    family(
      `query ${p.name} twice`,
      fc.constant(
        build(`query ${p.name} given twice (an array)`, {
          query: [...others(p.name), [p.name, valid], [p.name, valid]],
          field: p.name,
        }),
      ),
    );
    if (p.required)
      family(
        `query ${p.name} missing`,
        fc.constant(build(`query ${p.name} missing`, { query: others(p.name), field: p.name })),
      );
  }
  // The predecessor's endpoints drop what they do not declare, as FastAPI did (README: differences).
  if (!operation.predecessor)
    family(
      'unknown query parameter',
      fc.tuple(unknownName(operation.parameters.map((p) => p.name)), fc.string()).map(([name, value]) =>
        build(`unknown query parameter ${JSON.stringify(name)}`, {
          query: [...validQuery, [name, value]],
          field: name,
        }),
      ),
    );

  if (json) bodyFamilies(operation.body!.schema, validBody, id, build, family);
  if (csv) csvFamilies(String(validBody), build, family);

  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method)) {
    family(
      'unsupported content type',
      fc
        .constantFrom(
          ['application/xml', '<reading time="2015-01-01T00:00:00Z"/>'],
          [
            'multipart/form-data; boundary=x',
            '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
          ],
          ['application/x-www-form-urlencoded', 'a=1'],
        )
        .map(([contentType, payload]) =>
          build(`content type ${contentType}`, { contentType, payload, status: 415 }),
        ),
    );
    family(
      'body over the limit',
      fc.constant(
        build(`JSON body of ${limits.jsonBodyBytes + 1} bytes`, {
          contentType: 'application/json',
          payload: `"${'x'.repeat(limits.jsonBodyBytes - 1)}"`,
          status: 413,
        }),
      ),
    );
  }
  if (json)
    family(
      'JSON endpoint given text',
      fc
        .tuple(fc.constantFrom('text/plain', 'text/csv'), fc.string())
        .map(([contentType, payload]) => build(`${contentType} body`, { contentType, payload })),
    );
  if (
    !operation.body &&
    !operation.predecessor &&
    ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method)
  )
    family(
      'body where none is taken',
      fc
        .oneof(
          // Plain keys and values: a prototype key or a NUL inside would be refused first, naming
          // itself rather than the body (prototype keys have families of their own).
          fc
            .dictionary(
              fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/).filter((key) => !PROTOTYPE_KEYS.includes(key)),
              fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
              { minKeys: 1 },
            )
            .map((value) => ['application/json', JSON.stringify(value)]),
          fc.string({ minLength: 1 }).map((text) => ['text/plain', text]),
          fc.constant(['text/csv', 'time\n2015-01-01T00:00:00Z\n']),
        )
        .map(([contentType, payload]) =>
          build(`unexpected ${contentType} body`, { contentType, payload, field: 'body' }),
        ),
    );
  return families;
}

type Build = (
  label: string,
  parts: { payload?: string; contentType?: string; field?: string; status?: number },
) => MalformedRequest;
type Family = (label: string, requests: fc.Arbitrary<MalformedRequest>) => void;

function bodyFamilies(schema: Schema, valid: unknown, id: string, build: Build, family: Family): void {
  const named = (path: (string | number)[]) => path.join('.');
  for (const field of fieldsOf(schema)) {
    family(
      `body ${named(field.path)}`,
      malformedJson(field.schema, field.required, id).map((raw) =>
        build(`body ${named(field.path)} = ${raw.slice(0, 60)}`, {
          payload: bodyWith(valid, field.path, raw),
          field: named(field.path),
        }),
      ),
    );
    if (field.required)
      family(
        `body ${named(field.path)} missing`,
        fc.constant(
          build(`body ${named(field.path)} missing`, {
            payload: bodyWith(valid, field.path, undefined),
            field: named(field.path),
          }),
        ),
      );
  }
  for (const object of objectsOf(schema)) {
    const where = object.path.length ? `${named(object.path)}.` : '';
    family(
      `unknown body field in ${named(object.path) || 'body'}`,
      fc.tuple(unknownName(Object.keys(object.schema.properties ?? {})), fc.jsonValue()).map(([key, value]) =>
        build(`unknown body field ${where}${key}`, {
          payload: bodyWithKey(valid, object.path, key, JSON.stringify(value) ?? 'null'),
          field: `${where}${key}`,
        }),
      ),
    );
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    // A map such as {metric_name: number}: bad keys and bad values.
    const valueSchema = schema.additionalProperties;
    const key = Object.keys(valid as object)[0];
    family(
      'body map value',
      malformedJson(valueSchema, true, id).map((raw) =>
        build(`body ${key} = ${raw.slice(0, 60)}`, { payload: bodyWith(valid, [key], raw), field: key }),
      ),
    );
    family(
      'body map key',
      fc
        .oneof(withNul, fc.constantFrom(...PROTOTYPE_KEYS, 'Not An Identifier', '1st', 'x'.repeat(65)))
        .map((name) =>
          build(`body key ${JSON.stringify(name)}`, {
            payload: bodyWithKey(valid, [], name, '1'),
            field: name,
          }),
        ),
    );
  }
  family(
    'body of the wrong JSON type',
    fc
      .constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]')
      .map((payload) => build(`body ${payload}`, { payload })),
  );
  family(
    'body that is not JSON',
    fc
      // An empty body is no body (what fetch() sends for a POST without data), not a malformed one.
      .constantFrom('{', '{"a":1', "{'a':1}", '{"a":01}', '{"a":NaN}', '\u0000')
      .map((payload) => build(`body ${JSON.stringify(payload)}`, { payload, status: 400 })),
  );
}

function csvFamilies(example: string, build: Build, family: Family): void {
  const [headerLine, rowLine] = example.trim().split('\n');
  const header = headerLine.split(',');
  const row = rowLine.split(',');
  const csv = (columns: string[], values: string[]) => `${columns.join(',')}\n${values.join(',')}\n`;
  header.forEach((column, index) => {
    const cell = row[index];
    const schema: Schema = Number.isFinite(Number(cell)) ? { type: 'number' } : { type: 'string' };
    family(
      `csv ${column}`,
      malformedText(schema, cell)
        // CSV exports may write "2015-01-01 00:00:00" (machine-local time): valid here, unlike in JSON.
        .filter((value) => !/[,\n\r"]/.test(value) && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(value))
        .map((value) =>
          build(`csv ${column} = ${JSON.stringify(value)}`, {
            payload: csv(
              header,
              row.map((v, i) => (i === index ? value : v)),
            ),
            // PostgreSQL reports a byte it cannot store by line only; other problems name the cell.
            field: value.includes('\u0000') ? 'line 2' : column,
          }),
        ),
    );
  });
  family(
    'csv unknown column',
    unknownName(header)
      .filter((name) => !/[,\n\r"]/.test(name))
      .map((name) =>
        build(`csv unknown column ${name}`, { payload: csv([...header, name], [...row, '1']), field: name }),
      ),
  );
  family(
    'csv broken shape',
    fc
      .constantFrom('', '\n', `${headerLine}\n${rowLine},1\n`, `${headerLine}\n"${rowLine}\n`, '\u0000')
      .map((payload) => build(`csv ${JSON.stringify(payload.slice(0, 60))}`, { payload })),
  );
  family(
    'csv sent as JSON',
    fc.constant(
      build('CSV endpoint given application/json', {
        contentType: 'application/json',
        payload: '{"time":"2015-01-01T00:00:00Z"}',
        field: 'content-type',
      }),
    ),
  );
}
