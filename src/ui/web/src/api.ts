/**
 * The fetch wrapper: every call goes through here. It sends `Authorization: Bearer <key>` when an
 * API key is kept in sessionStorage, turns application/problem+json answers into ApiError with a
 * readable message, and on a 401 asks for a key (once) and retries.
 */
export const API = '/api/v1/model-performance';
const KEY_STORAGE = 'mps.apiKey';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  request_id?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(status, problem));
  }
}

export function describeProblem(status: number, problem: Problem): string {
  const head = problem.detail ?? problem.title ?? `HTTP ${status}`;
  const fields = (problem.errors ?? [])
    .filter((e) => !head.includes(e.message))
    .map((e) => `${e.field}: ${e.message}`);
  return fields.length ? `${head} (${fields.join('; ')})` : head;
}

export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** Set by the page: shows a dialog and resolves with the key, or null when the user cancels. */
let askForKey: (message: string) => Promise<string | null> = () => Promise.resolve(null);
export function onKeyNeeded(handler: (message: string) => Promise<string | null>): void {
  askForKey = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const search = params.toString();
  return `${API}${path}${search ? `?${search}` : ''}`;
}

export function authHeaders(): Record<string, string> {
  const key = apiKey.get();
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) return ((await response.json().catch(() => ({}))) as Problem) ?? {};
  const text = await response.text().catch(() => '');
  return { title: response.statusText, detail: text.slice(0, 300) || undefined };
}

/** Sends the request (with the API key; on a 401 asks for one, once) and answers the 2xx response. */
async function send(
  method: 'GET' | 'POST',
  path: string,
  query: Query,
  body: unknown,
  accept: string,
  retried = false,
): Promise<Response> {
  const headers: Record<string, string> = { accept, ...authHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The service did not answer: is it running?' });
  }
  if (response.status === 401 && !retried) {
    const problem = await problemOf(response);
    const key = await askForKey(describeProblem(401, problem));
    if (key) {
      apiKey.set(key);
      return send(method, path, query, body, accept, true);
    }
    throw new ApiError(401, problem);
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  query: Query = {},
  body?: unknown,
): Promise<T> {
  const response = await send(method, path, query, body, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file the service renders (a report as PDF or CSV), with the name its Content-Disposition gives. */
export async function download(path: string, query: Query): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send('GET', path, query, undefined, '*/*');
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), filename: encoded ? decodeURIComponent(encoded) : (plain ?? null) };
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, query);
export const post = <T>(path: string, query?: Query, body?: unknown) => request<T>('POST', path, query, body);

/**
 * Server-Sent Events over fetch (EventSource cannot send an Authorization header). Calls onEvent
 * for each event, reconnects with a growing delay, and stops when the returned function is called.
 */
export function subscribe(
  path: string,
  query: Query,
  onEvent: (event: string, data: string) => void,
  onState: (state: 'live' | 'reconnecting') => void,
): () => void {
  const controller = new AbortController();
  let delay = 1000;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(url(path, query), {
          headers: { accept: 'text/event-stream', ...authHeaders() },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState('live');
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split(/\r?\n/)) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length) onEvent(event, data.join('\n'));
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void run();
  return () => controller.abort();
}
