/**
 * Files beside the JSON answers. A caller asks for one with `?format=csv` (or `pdf` where offered)
 * or, without the parameter, with an Accept header that prefers text/csv or application/pdf; a
 * caller that asks for nothing, or for JSON or anything (*\/*), gets the JSON answer unchanged.
 * A file comes as an attachment named after the machine and the period, so a browser saves it.
 */
import { applyDecorators, createParamDecorator, type ExecutionContext, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const EXPORT_MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
} as const;
export type ExportFormat = keyof typeof EXPORT_MEDIA_TYPES;
export type FileFormat = Exclude<ExportFormat, 'json'>;
/** The formats of the endpoints that offer a CSV of their JSON. */
export const CSV_FORMATS = ['json', 'csv'] as const satisfies readonly ExportFormat[];
export type CsvFormat = (typeof CSV_FORMATS)[number];

/** The optional `format` query parameter of an endpoint that offers `formats`. */
export function ExportFormatParameter(formats: readonly ExportFormat[]): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: formats,
      default: 'json',
      description:
        'json (default), or a file: ' +
        formats
          .filter((format) => format !== 'json')
          .map((format) => `${format} (${EXPORT_MEDIA_TYPES[format]})`)
          .join(', ') +
        '. Without it, an Accept header preferring one of those media types chooses the file.',
    }),
    IsOptional(),
    IsIn(formats),
  );
}

/**
 * The format to answer in: the query parameter when given, else the first media type of the
 * Accept header (by q, then order) that names JSON, anything, or one of the offered files.
 */
export function negotiateFormat(
  format: ExportFormat | undefined,
  accept: string | undefined,
  offered: readonly ExportFormat[],
): ExportFormat {
  if (format) return format;
  const wanted = (accept ?? '')
    .split(',')
    .map((part, index) => {
      const [media, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { media, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.media && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { media } of wanted) {
    if (media === '*/*' || media === 'application/*' || media === EXPORT_MEDIA_TYPES.json) return 'json';
    const file = offered.find((candidate) => EXPORT_MEDIA_TYPES[candidate] === media);
    if (file) return file;
  }
  return 'json';
}

export interface ExportFile {
  format: FileFormat;
  /** The file name without its extension: machine name and period (see exportName). */
  name: string;
  body: Buffer | string;
}

/** The caller's side of an export: which format it asked for, and the reply a file is sent on. */
export class ExportChannel {
  // Private fields: the global pipe inspects a handler's parameters, and must not walk the reply.
  readonly #accept: string | undefined;
  readonly #reply: FastifyReply;

  constructor(accept: string | undefined, reply: FastifyReply) {
    this.#accept = accept;
    this.#reply = reply;
  }

  /**
   * The answer in the format negotiated from `requested` and the Accept header among `offered`
   * (see negotiateFormat): the data itself as JSON, or the file `toFile` makes of it, so that a
   * handler says only how its file is named and rendered.
   */
  async answer<T, F extends ExportFormat>(
    requested: F | undefined,
    offered: readonly F[],
    data: T,
    toFile: (format: Exclude<F, 'json'>) => Omit<ExportFile, 'format'> | Promise<Omit<ExportFile, 'format'>>,
  ): Promise<T | Buffer | string> {
    const format = negotiateFormat(requested, this.#accept, offered) as F;
    if (format === 'json') return data;
    const file = format as Exclude<F, 'json'>;
    return this.send({ format: file, ...(await toFile(file)) });
  }

  /** Sets the file's Content-Type and attachment name and returns the body to send. */
  private send(file: ExportFile): Buffer | string {
    const contentType =
      file.format === 'csv' ? `${EXPORT_MEDIA_TYPES.csv}; charset=utf-8` : EXPORT_MEDIA_TYPES[file.format];
    const ascii = `${file.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${file.format}`;
    const utf8 = encodeURIComponent(`${file.name}.${file.format}`);
    void this.#reply
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`);
    return file.body;
  }
}

/** Handler parameter: the request's Accept header and its reply, as an ExportChannel. */
export const Export = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const http = context.switchToHttp();
  return new ExportChannel(
    http.getRequest<FastifyRequest>().headers.accept,
    http.getResponse<FastifyReply>(),
  );
});

/** Calendar date of an instant on a machine's clock, YYYY-MM-DD. */
export function localDay(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The first and last local day of a window [start, end) (its last day is the one before the exclusive end). */
export function localDays(window: { start: Date; end: Date }, timezone: string): [string, string] {
  return [localDay(window.start, timezone), localDay(new Date(window.end.getTime() - 1), timezone)];
}

/** A file name from its parts (spaces to dashes), e.g. machine, what, first and last day. */
export function exportName(...parts: string[]): string {
  return parts.map((part) => part.trim().replace(/\s+/g, '-')).join('_');
}

/**
 * The 200 answer of an endpoint with files: the JSON (a DTO class or an example) and each file's
 * media type with an example, and the Content-Disposition header files carry.
 */
export function ApiExportResponse(options: {
  json: { type: Type } | { example: unknown };
  csv: string;
  pdf?: string;
  filename: string;
}) {
  const json =
    'type' in options.json
      ? { schema: { $ref: getSchemaPath(options.json.type) } }
      : { example: options.json.example };
  return applyDecorators(
    ...('type' in options.json ? [ApiExtraModels(options.json.type)] : []),
    ApiOkResponse({
      description: 'JSON by default; the file with format=csv|pdf or a matching Accept header',
      content: {
        [EXPORT_MEDIA_TYPES.json]: json,
        [EXPORT_MEDIA_TYPES.csv]: { schema: { type: 'string' }, example: options.csv },
        ...(options.pdf
          ? {
              [EXPORT_MEDIA_TYPES.pdf]: {
                schema: { type: 'string', format: 'binary' },
                example: options.pdf,
              },
            }
          : {}),
      },
      headers: {
        'Content-Disposition': {
          description: 'On files only: attachment with a name from the machine and the period',
          schema: { type: 'string', example: `attachment; filename="${options.filename}"` },
        },
      },
    }),
  );
}
