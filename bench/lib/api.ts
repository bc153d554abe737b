/** A minimal client of the service's REST API (Node's fetch, keep-alive), for benchmark drivers. */

import { sleep } from './stats';

export const API_PREFIX = '/api/v1/model-performance';

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** A raw body (e.g. CSV) sent with `contentType`. */
  text?: string;
  contentType?: string;
  timeoutMs?: number;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${API_PREFIX}${path}`, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = options.contentType ?? 'text/plain';
      body = options.text;
    }
    const response = await fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    if (!response.ok) throw new HttpError(method, url.pathname + url.search, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, options);
  }
}

/** The fields of the service's responses the benchmarks read. */
export interface Machine {
  id: string;
  name: string;
  timezone: string;
  data_interval_seconds: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type TrainingStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface TriggerResponse {
  triggered: boolean;
  reason: string;
  training_job_id: string | null;
  estimated_completion: string | null;
}

export interface TrainingJob {
  id: string;
  machine_id: string;
  model_type: string;
  training_status: TrainingStatus;
  training_duration_seconds: number | null;
  training_samples: number | null;
  created_at: string;
  training_start: string | null;
  training_end: string | null;
  error_message: string | null;
  worker_id: string | null;
  attempt: number;
}

export interface IngestResult {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export const TERMINAL: readonly TrainingStatus[] = ['completed', 'failed', 'cancelled'];

/** Polls a training job every `pollMs` until it is terminal; throws after `timeoutMs`. */
export async function waitForJob(
  client: ApiClient,
  jobId: string,
  options: { pollMs: number; timeoutMs: number; label: string },
): Promise<TrainingJob> {
  const t0 = performance.now();
  for (;;) {
    const job = await client.get<TrainingJob>(`/training/jobs/${jobId}`);
    if (TERMINAL.includes(job.training_status)) return job;
    if (performance.now() - t0 > options.timeoutMs) {
      throw new Error(
        `${options.label} (${jobId}) still ${job.training_status} after ${options.timeoutMs / 1000} s`,
      );
    }
    await sleep(options.pollMs);
  }
}
