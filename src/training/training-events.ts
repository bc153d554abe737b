/**
 * Job status changes for Server-Sent Events. PostgreSQL announces every change (NOTIFY from a
 * trigger on model_training_history), so an API replica streams changes made by any worker.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, Subject, filter, map } from 'rxjs';
import { DATABASE_URL } from '../database/database.tokens';

export interface JobEvent {
  id: string;
  machine_id: string;
  model_type: string;
  training_status: string;
  progress: number;
  model_version: number | null;
  model_id: string | null;
  trigger_type: string;
  error_message: string | null;
  /** A cancel was requested (the job stops within moments). */
  cancel_requested: boolean;
  updated_at: string;
}

const CHANNEL = 'training_job_events';
const RECONNECT_MS = 2_000;

@Injectable()
export class TrainingEvents implements OnModuleDestroy {
  private readonly logger = new Logger(TrainingEvents.name);
  private readonly events = new Subject<JobEvent>();
  private client?: Client;
  private listening?: Promise<void>;
  private closed = false;

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  /** Events for SSE, optionally narrowed to one machine and model type. */
  stream(machineId?: string, modelType?: string): Observable<{ data: JobEvent; type: string }> {
    this.listening ??= this.listen();
    return this.events.pipe(
      filter(
        (event) =>
          (!machineId || event.machine_id === machineId) && (!modelType || event.model_type === modelType),
      ),
      map((event) => ({ data: event, type: 'job' })),
    );
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'model-performance-events',
    });
    client.on('notification', (notification) => {
      if (notification.payload) this.events.next(JSON.parse(notification.payload) as JobEvent);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'event listener lost its connection; reconnecting');
      this.reconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'event listener could not connect; retrying');
      this.reconnect();
    }
  }

  private reconnect(): void {
    this.client = undefined;
    if (this.closed) return;
    setTimeout(() => void (this.listening = this.listen()), RECONNECT_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.events.complete();
    // A connect still in flight would otherwise set a client after this ran, and its open socket
    // would keep the process alive.
    await this.listening;
    await this.client?.end().catch(() => undefined);
  }
}
