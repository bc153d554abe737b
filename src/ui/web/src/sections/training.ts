/** Training: the job history, live through Server-Sent Events, and retraining on request. */
import { get, post, subscribe } from '../api';
import { ask, badge, busy, byId, empty, fill, h, table, toast, when } from '../dom';
import type { JobEvent, Page, TrainingJob, TriggerResponse } from '../types';
import { loadTrend } from './performance';
import { act, field, message, problemBox, scope, state } from '../state';
import { loadSavings } from './savings';
import { loadVersions } from './versions';

export const jobsBox = byId('jobs');

export function duration(job: TrainingJob): string {
  const seconds =
    job.training_duration_seconds ??
    (job.training_start && job.training_status === 'running'
      ? (Date.now() - Date.parse(job.training_start)) / 1000
      : null);
  if (seconds === null) return '–';
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export const statusTone = (status: TrainingJob['training_status']) =>
  status === 'completed' ? 'ok' : status === 'failed' ? 'bad' : status === 'running' ? 'info' : 'muted';

export function renderJobs(): void {
  const jobs = [...state.jobs.values()].sort((a, b) => b.created_at.localeCompare(a.created_at)).slice(0, 20);
  if (!jobs.length) {
    fill(jobsBox, empty('No training yet: use "Retrain…" to train the first version.'));
    return;
  }
  const rows = jobs.map((job) => {
    const inFlight = job.training_status === 'pending' || job.training_status === 'running';
    return h(
      'tr',
      { 'data-job-id': job.id, 'data-status': job.training_status },
      h('td', {}, when(job.created_at)),
      h(
        'td',
        {},
        badge(job.training_status, statusTone(job.training_status)),
        job.error_message ? h('div', { class: 'hint' }, job.error_message) : null,
      ),
      h(
        'td',
        {},
        h('progress', { max: 100, value: job.progress ?? 0, 'aria-label': `Progress of job ${job.id}` }),
        ` ${job.progress ?? 0} %`,
      ),
      h('td', {}, duration(job)),
      h('td', {}, job.model_version ? `v${job.model_version}` : '–'),
      h('td', {}, job.trigger_type.replace(/_/g, ' ')),
      h(
        'td',
        {},
        inFlight
          ? h(
              'button',
              {
                type: 'button',
                class: 'small',
                onclick: (event: Event) => void cancelJob(job, event.currentTarget as HTMLButtonElement),
              },
              'Cancel',
            )
          : null,
      ),
    );
  });
  fill(
    jobsBox,
    table(['Started', 'Status', 'Progress', 'Duration', 'Version', 'Trigger', ''], rows, 'Training history'),
  );
}

export async function loadJobs(generation: number): Promise<void> {
  try {
    const page = await get<Page<TrainingJob>>('/training/jobs', { ...scope(), limit: 20 });
    if (generation !== state.generation) return;
    state.jobs = new Map(page.items.map((job) => [job.id, job]));
    renderJobs();
  } catch (error) {
    if (generation === state.generation) fill(jobsBox, problemBox(error, 'the training history'));
  }
}

export async function cancelJob(job: TrainingJob, button: HTMLButtonElement): Promise<void> {
  const confirmed = await ask({
    title: 'Cancel this training job?',
    body: [h('p', {}, 'A running job stops within a few seconds; nothing is activated.')],
    ok: 'Cancel the job',
    danger: true,
  });
  if (!confirmed) return;
  await act(button, () => post(`/training/jobs/${job.id}/cancel`), {
    done: 'Cancellation requested',
    failed: `Could not cancel`,
  });
}

export function onJobEvent(data: string): void {
  const event = JSON.parse(data) as JobEvent;
  if (event.machine_id !== state.machine?.id || event.model_type !== state.modelType) return;
  const known = state.jobs.get(event.id);
  if (!known) {
    void loadJobs(state.generation);
    return;
  }
  const finished =
    event.training_status !== known.training_status &&
    ['completed', 'failed', 'cancelled'].includes(event.training_status);
  Object.assign(known, {
    training_status: event.training_status,
    progress: event.progress,
    model_version: event.model_version,
    model_id: event.model_id,
    error_message: event.error_message,
  });
  renderJobs();
  if (finished) {
    // Duration and timestamps come from the job itself.
    void loadJobs(state.generation);
    if (event.training_status === 'completed') {
      toast(`Training completed: version v${event.model_version ?? '?'}`, 'ok');
      // The new version may have become active (activation policy): the savings follow it too.
      void loadVersions(state.generation).then(() =>
        Promise.all([loadTrend(state.generation), loadSavings(state.generation)]),
      );
    } else if (event.training_status === 'failed')
      toast(`Training failed: ${event.error_message ?? 'see the job'}`, 'bad');
  }
}

export function listen(): void {
  state.unsubscribe?.();
  const status = byId('live-status');
  state.unsubscribe = subscribe(
    '/training/events',
    scope(),
    (name, data) => {
      if (name === 'job') onJobEvent(data);
    },
    (live) => {
      status.textContent =
        live === 'live' ? 'Live: updates arrive as jobs progress.' : 'Connection lost: reconnecting…';
      status.dataset.state = live;
    },
  );
}

byId<HTMLButtonElement>('retrain').addEventListener('click', (event) => {
  void retrain(event.currentTarget as HTMLButtonElement);
});

export async function retrain(button: HTMLButtonElement): Promise<void> {
  if (!state.machine) return;
  const data = await ask({
    title: `Retrain the ${state.modelType.replace('_', ' ')} model of ${state.machine.name}?`,
    body: [
      h(
        'p',
        {},
        'A new version is trained in the background; it becomes active only if it is no worse than the active one.',
      ),
      h(
        'label',
        {},
        'Reason ',
        h('input', { name: 'reason', maxlength: 500, placeholder: 'manual retraining' }),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Pin the training (optional)'),
        h(
          'div',
          { class: 'grid2' },
          h(
            'label',
            {},
            'Interval ',
            h(
              'select',
              { name: 'interval' },
              h('option', { value: '' }, 'default'),
              h('option', { value: 'hour' }, 'hour'),
              h('option', { value: 'day' }, 'day'),
            ),
          ),
          h(
            'label',
            {},
            'Features (comma-separated) ',
            h('input', { name: 'features', placeholder: 'hdd_15_5, weekend' }),
          ),
          h('label', {}, 'Training from ', h('input', { type: 'date', name: 'training_start' })),
          h('label', {}, 'Training to ', h('input', { type: 'date', name: 'training_end' })),
        ),
      ),
    ],
    ok: 'Retrain',
  });
  if (!data) return;
  const hyperparameters: Record<string, unknown> = {};
  const text = (name: string) => field(data, name).trim();
  if (text('interval')) hyperparameters.interval = text('interval');
  if (text('features'))
    hyperparameters.features = text('features')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
  if (text('training_start')) hyperparameters.training_start = text('training_start');
  if (text('training_end')) hyperparameters.training_end = text('training_end');
  try {
    const result = await busy(button, () =>
      post<TriggerResponse>(
        '/retrain/trigger',
        { ...scope(), trigger_type: 'manual', reason: text('reason') || undefined },
        Object.keys(hyperparameters).length ? { hyperparameters } : {},
      ),
    );
    if (result.triggered && result.training_job_id) {
      toast(`Retraining started: job ${result.training_job_id}`, 'ok');
      await loadJobs(state.generation);
    } else toast(`Retraining not started: ${result.reason}`, 'bad');
  } catch (error) {
    toast(`Retraining refused: ${message(error)}`, 'bad');
  }
}
