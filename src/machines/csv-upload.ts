/**
 * Reads the header line of a CSV upload without consuming the stream, so the columns can be
 * checked before COPY sees the file, and caps the upload size while it streams.
 */
import { Readable } from 'node:stream';
import { BadInputError, DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-codes';

export interface CsvUpload {
  header: string[];
  body: Readable;
}

const MAX_HEADER_BYTES = 4096;

export async function openCsvUpload(source: Readable, maxBytes: number): Promise<CsvUpload> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const buffered: Buffer[] = [];
  let text = '';
  while (!text.includes('\n')) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    buffered.push(chunk);
    text += chunk.toString('utf8');
    if (text.length > MAX_HEADER_BYTES && !text.includes('\n')) break;
  }
  const headerLine = text.split(/\r?\n/, 1)[0].replace(/^\uFEFF/, '');
  if (headerLine.trim() === '') {
    throw new BadInputError(
      ErrorCode.INGEST_EMPTY,
      'the CSV is empty: expected a header row naming the columns',
      [{ field: 'line 1', message: 'header row missing' }],
    );
  }
  const header = headerLine.split(',').map((name) =>
    name
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase(),
  );
  if (buffered.length > 0 && buffered[0][0] === 0xef) buffered[0] = buffered[0].subarray(3); // UTF-8 BOM
  return { header, body: Readable.from(limited(buffered, iterator, maxBytes)) };
}

async function* limited(
  head: Buffer[],
  rest: AsyncIterator<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let total = 0;
  const count = (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new DomainError(
        ErrorCode.INGEST_TOO_LARGE,
        413,
        `the CSV upload exceeds ${maxBytes} bytes; split it into smaller files`,
      );
    }
    return chunk;
  };
  for (const chunk of head) yield count(chunk);
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield count(Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value));
  }
}
