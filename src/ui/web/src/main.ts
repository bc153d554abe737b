/**
 * The model performance page: machine and model type pickers, overview, training with live
 * history (Server-Sent Events), performance charts, drift, alerts, versions and A/B tests.
 */
import './styles.css';
import { ApiError, apiKey, get, onKeyNeeded, post, subscribe } from './api';
import { clear, energyChart, metricChart } from './charts';
import { ask, badge, busy, byId, day, empty, fill, h, num, pct, pValue, table, toast, when } from './dom';
import type {
  AbResults,
  AbTest,
  Alert,
  DriftResult,
  FitMetrics,
  JobEvent,
  Machine,
  MetricPoint,
  ModelType,
  ModelVersion,
  Page,
  Predictions,
  TrainingJob,
  Trend,
  TriggerResponse,
} from './types';

interface State {
  machines: Machine[];
  machine: Machine | null;
  modelType: ModelType;
  versions: ModelVersion[];
  trend: Trend | null;
  openAlerts: Alert[] | null;
  jobs: Map<string, TrainingJob>;
  generation: number;
  unsubscribe: (() => void) | null;
}

const state: State = {
  machines: [],
  machine: null,
  modelType: 'baseline',
  versions: [],
  trend: null,
  openAlerts: null,
  jobs: new Map(),
  generation: 0,
  unsubscribe: null,
};

const machineSelect = byId<HTMLSelectElement>('machine');
const modelTypeSelect = byId<HTMLSelectElement>('model-type');

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const problemBox = (error: unknown, what: string) =>
  h('p', { class: 'problem', role: 'alert' }, `Could not load ${what}: ${message(error)}`);
const isForecast = () => state.modelType.startsWith('forecast');
const scope = () => ({ machine_id: state.machine?.id, model_type: state.modelType });
const activeVersion = () => state.versions.find((v) => v.status === 'active') ?? null;

function g14Limit(): number {
  const active = activeVersion();
  const interval =
    active?.validation_metrics?.guideline14?.interval ??
    active?.hyperparameters?.interval ??
    ((state.machine?.data_interval_seconds ?? 3600) >= 86_400 ? 'day' : 'hour');
  return interval === 'day' ? 15 : 30;
}

/** A date input's value as the start of that day in UTC. */
const isoDay = (value: string): string | undefined => (value ? `${value}T00:00:00Z` : undefined);
/** A form field's text ('' when absent). */
const field = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- API key (security issue, later)

onKeyNeeded(async (reason) => {
  const data = await ask({
    title: 'API key needed',
    body: [
      h('p', {}, `The service refused the request: ${reason}`),
      h('p', { class: 'hint' }, 'The key is kept for this browser tab only (session storage).'),
      h(
        'label',
        {},
        'API key ',
        h('input', { type: 'password', name: 'key', required: true, autocomplete: 'off' }),
      ),
    ],
    ok: 'Use this key',
  });
  const key = data ? field(data, 'key').trim() : '';
  if (key) byId('forget-key').hidden = false;
  return key || null;
});
byId('forget-key').hidden = !apiKey.get();
byId('forget-key').addEventListener('click', () => {
  apiKey.clear();
  byId('forget-key').hidden = true;
  toast('API key forgotten', 'info');
});

// ---------------------------------------------------------------- overview

function renderOverview(): void {
  const active = activeVersion();
  const metrics: FitMetrics | null = active?.validation_metrics ?? active?.training_metrics ?? null;
  const g14 = metrics?.guideline14;
  const latest = state.trend?.metrics.length
    ? [...state.trend.metrics].sort((a, b) => a.evaluation_date.localeCompare(b.evaluation_date)).at(-1)
    : undefined;
  const alerts = state.openAlerts;
  const card = (title: string, id: string, ...body: (Node | string | null)[]) =>
    h('article', { class: 'card', 'data-card': id }, h('h3', {}, title), ...body);
  const energy = state.machine?.data?.energy;
  fill(
    byId('cards'),
    card(
      'Active version',
      'version',
      active
        ? h('p', { class: 'big' }, `v${active.version}`)
        : h('p', { class: 'empty' }, 'No active version: retrain to create one.'),
      active
        ? h('p', { class: 'hint' }, `${active.algorithm}, active since ${when(active.activated_at)}`)
        : null,
    ),
    card(
      'Guideline 14',
      'g14',
      g14
        ? h('p', { class: 'big' }, g14.passes ? badge('Passes', 'ok') : badge('Fails', 'bad'))
        : h(
            'p',
            { class: 'empty' },
            active ? 'Not applicable to this model type.' : 'No model yet: train a model.',
          ),
      g14
        ? h(
            'p',
            { class: 'hint' },
            `CV(RMSE) ${pct(g14.cv_rmse_pct)} (limit ${g14.limits.cv_rmse_pct} %), NMBE ${pct(g14.nmbe_pct)} (limit ±${g14.limits.nmbe_pct} %), ${g14.interval === 'day' ? 'daily' : 'hourly'}, validation`,
          )
        : null,
    ),
    card(
      'Latest evaluation',
      'latest',
      latest
        ? h(
            'dl',
            { class: 'kv' },
            h('dt', {}, 'R²'),
            h('dd', {}, num(latest.r_squared)),
            h('dt', {}, isForecast() ? 'MAPE' : 'CV(RMSE)'),
            h('dd', {}, pct(isForecast() ? latest.mape : latest.cv_rmse)),
            h('dt', {}, 'NMBE'),
            h('dd', {}, pct(latest.nmbe)),
            h('dt', {}, 'Window'),
            h('dd', {}, `${day(latest.evaluation_start)} → ${day(latest.evaluation_end)}`),
          )
        : h('p', { class: 'empty' }, 'No metrics yet: train a model, then evaluate a window.'),
    ),
    card(
      'Open alerts',
      'alerts',
      alerts === null
        ? h('p', { class: 'empty' }, 'Alerts unavailable.')
        : h('p', { class: 'big' }, String(alerts.length)),
      alerts?.length
        ? h(
            'p',
            { class: 'hint' },
            (['critical', 'warning', 'info'] as const)
              .map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
              .filter(([, n]) => n > 0)
              .map(([s, n]) => `${n} ${s}`)
              .join(', '),
          )
        : alerts
          ? h('p', { class: 'hint' }, 'Nothing open.')
          : null,
    ),
    card(
      'Meter data',
      'data',
      energy?.count
        ? h('p', {}, `${energy.count.toLocaleString('en-GB')} readings`)
        : h('p', { class: 'empty' }, 'No readings: ingest energy data first.'),
      energy?.count ? h('p', { class: 'hint' }, `${day(energy.first)} → ${day(energy.last)}`) : null,
    ),
  );
}

// ---------------------------------------------------------------- training

const jobsBox = byId('jobs');

function duration(job: TrainingJob): string {
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

const statusTone = (status: TrainingJob['training_status']) =>
  status === 'completed' ? 'ok' : status === 'failed' ? 'bad' : status === 'running' ? 'info' : 'muted';

function renderJobs(): void {
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

async function loadJobs(generation: number): Promise<void> {
  try {
    const page = await get<Page<TrainingJob>>('/training/jobs', { ...scope(), limit: 20 });
    if (generation !== state.generation) return;
    state.jobs = new Map(page.items.map((job) => [job.id, job]));
    renderJobs();
  } catch (error) {
    if (generation === state.generation) fill(jobsBox, problemBox(error, 'the training history'));
  }
}

async function cancelJob(job: TrainingJob, button: HTMLButtonElement): Promise<void> {
  const confirmed = await ask({
    title: 'Cancel this training job?',
    body: [h('p', {}, 'A running job stops within a few seconds; nothing is activated.')],
    ok: 'Cancel the job',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await busy(button, () => post(`/training/jobs/${job.id}/cancel`));
    toast('Cancellation requested', 'ok');
  } catch (error) {
    toast(`Could not cancel: ${message(error)}`, 'bad');
  }
}

function onJobEvent(data: string): void {
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
      void loadVersions(state.generation).then(() => loadTrend(state.generation));
    } else if (event.training_status === 'failed')
      toast(`Training failed: ${event.error_message ?? 'see the job'}`, 'bad');
  }
}

function listen(): void {
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

async function retrain(button: HTMLButtonElement): Promise<void> {
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

// ---------------------------------------------------------------- performance

const errorFigure = byId('chart-error');
const r2Figure = byId('chart-r2');

async function loadTrend(generation: number): Promise<void> {
  const days = Number(byId<HTMLInputElement>('trend-days').value) || 365;
  try {
    const trend = await get<Trend>('/metrics/trend', { ...scope(), days });
    if (generation !== state.generation) return;
    state.trend = trend;
  } catch (error) {
    if (generation !== state.generation) return;
    state.trend = null;
    const none = error instanceof ApiError && error.status === 404;
    const text = none
      ? 'No metrics yet: train a model, then evaluate a window.'
      : `Could not load the trend: ${message(error)}`;
    clear(errorFigure, text);
    clear(r2Figure, '');
    fill(byId('trend-summary'), none ? '' : problemBox(error, 'the trend'));
    renderOverview();
    return;
  }
  renderOverview();
  renderTrend(state.trend);
}

function renderTrend(trend: Trend): void {
  const sorted = [...trend.metrics].sort(
    (a, b) =>
      a.evaluation_end.localeCompare(b.evaluation_end) || a.evaluation_date.localeCompare(b.evaluation_date),
  );
  const x = (m: MetricPoint) => Date.parse(m.evaluation_end) / 1000;
  const forecast = isForecast();
  const errorPoints = sorted.map((m) => ({
    x: x(m),
    version: m.model_version,
    value: forecast ? m.mape : m.cv_rmse,
  }));
  const limit = state.modelType === 'baseline' ? g14Limit() : null;
  metricChart(
    errorFigure,
    errorPoints,
    forecast
      ? { label: 'MAPE', unit: ' %', color: '#1570ef' }
      : { label: 'CV(RMSE)', unit: ' %', color: '#1570ef' },
    limit,
    `${forecast ? 'MAPE' : 'CV(RMSE)'} per evaluation, by end of the evaluated window${limit !== null ? `; red dashes: Guideline 14 limit ${limit} %` : ''}; purple: version changes`,
  );
  metricChart(
    r2Figure,
    sorted.map((m) => ({ x: x(m), version: m.model_version, value: m.r_squared })),
    { label: 'R²', unit: '', color: '#079455' },
    null,
    'R² per evaluation; purple: version changes',
  );
  const drifted = sorted.filter((m) => m.drift_detected).length;
  fill(
    byId('trend-summary'),
    `${sorted.length} evaluation${sorted.length === 1 ? '' : 's'} · trend ${trend.trend_direction} · degradation rate ${num(trend.degradation_rate)}${drifted ? ` · drift flagged in ${drifted}` : ''}`,
  );
}

byId('trend-days').addEventListener('change', () => void loadTrend(state.generation));

byId<HTMLFormElement>('evaluate-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  void busy(button, async () => {
    try {
      const result = await post<{ model_version: number; r_squared: number; cv_rmse: number; mape: number }>(
        '/metrics/evaluate',
        { ...scope(), start: isoDay(field(data, 'start')), end: isoDay(field(data, 'end')) },
      );
      toast(
        `Evaluated v${result.model_version}: R² ${num(result.r_squared)}, ${isForecast() ? `MAPE ${pct(result.mape)}` : `CV(RMSE) ${pct(result.cv_rmse)}`}`,
        'ok',
      );
      await Promise.all([loadTrend(state.generation), loadAlerts(state.generation)]);
    } catch (error) {
      toast(`Evaluation failed: ${message(error)}`, 'bad');
    }
  });
});

async function loadPredictions(generation: number): Promise<void> {
  const form = byId<HTMLFormElement>('predictions-form');
  const data = new FormData(form);
  const energy = byId('chart-energy');
  const cusum = byId('chart-cusum');
  if (!activeVersion()) {
    clear(energy, 'No active model: train a model to compare expected and actual energy.');
    clear(cusum, '');
    fill(byId('predictions-summary'));
    return;
  }
  try {
    const result = await get<Predictions>('/predictions', {
      ...scope(),
      start: isoDay(field(data, 'start')),
      end: isoDay(field(data, 'end')),
    });
    if (generation !== state.generation) return;
    const rows = result.predictions.map((p) => ({
      x: Date.parse(p.time) / 1000,
      expected: p.expected_kwh,
      actual: p.actual_kwh,
    }));
    if (!rows.length) {
      clear(energy, 'No readings in this window: pick a window with meter data.');
      clear(cusum, '');
      return;
    }
    energyChart(energy, cusum, rows);
    const paired = rows.filter((r) => r.expected !== null && r.actual !== null);
    const total = paired.reduce((sum, r) => sum + (r.actual! - r.expected!), 0);
    fill(
      byId('predictions-summary'),
      `v${result.model_version} (${result.served_by.replace('_', ' ')}): ${rows.length} intervals, actual − expected = ${num(total, 0)} kWh`,
    );
  } catch (error) {
    if (generation !== state.generation) return;
    clear(energy, `Could not load the predictions: ${message(error)}`);
    clear(cusum, '');
  }
}

byId<HTMLFormElement>('predictions-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadPredictions(state.generation);
});

// ---------------------------------------------------------------- drift

byId<HTMLFormElement>('drift-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const box = byId('drift-result');
  void busy(button, async () => {
    try {
      const result = await post<DriftResult>('/drift/check', {
        ...scope(),
        start: isoDay(field(data, 'start')),
        end: isoDay(field(data, 'end')),
      });
      renderDrift(result);
      void loadAlerts(state.generation);
      void loadTrend(state.generation);
    } catch (error) {
      fill(box, h('p', { class: 'problem', role: 'alert' }, `Drift check failed: ${message(error)}`));
    }
  });
});

function renderDrift(result: DriftResult): void {
  const rows = result.tests.map((test) =>
    h(
      'tr',
      {},
      h('td', {}, test.name.replace(/_/g, ' ')),
      h('td', {}, test.kind),
      h('td', {}, test.feature),
      h('td', { class: 'num' }, num(test.statistic)),
      h('td', { class: 'num' }, num(test.threshold)),
      h('td', { class: 'num' }, pValue(test.p_value)),
      h('td', {}, test.drift ? badge('drift', 'bad') : badge('ok', 'ok')),
    ),
  );
  fill(
    byId('drift-result'),
    h(
      'p',
      { class: 'verdict' },
      result.drift_detected ? badge('Drift detected', 'bad') : badge('No drift', 'ok'),
      ` v${result.model_version} · score ${num(result.drift_score)} (threshold ${num(result.threshold)})${result.drift_type ? ` · ${result.drift_type.replace(/_/g, ' ')}` : ''}${result.window ? ` · window ${day(result.window.start)} → ${day(result.window.end)}` : ''}`,
    ),
    h('p', {}, result.recommendation),
    table(['Test', 'Kind', 'Feature', 'Statistic', 'Threshold', 'p-value', 'Verdict'], rows, 'Drift tests'),
  );
}

// ---------------------------------------------------------------- alerts

const alertFilters = byId<HTMLFormElement>('alert-filters');
alertFilters.addEventListener('change', () => void loadAlerts(state.generation));

async function loadAlerts(generation: number): Promise<void> {
  const data = new FormData(alertFilters);
  const filter = field(data, 'state');
  const query = {
    ...scope(),
    severity: field(data, 'severity') || undefined,
    is_resolved: filter === 'resolved' ? true : filter === 'all' ? undefined : false,
    acknowledged: filter === 'acknowledged' ? true : filter === 'unacknowledged' ? false : undefined,
    limit: 100,
  };
  const box = byId('alerts-list');
  try {
    const [page, open] = await Promise.all([
      get<Page<Alert>>('/alerts', query),
      get<Alert[]>('/alerts/active', scope()),
    ]);
    if (generation !== state.generation) return;
    state.openAlerts = open;
    renderOverview();
    if (!page.items.length) {
      fill(
        box,
        empty(
          filter === 'open' || filter === 'unacknowledged'
            ? 'No open alerts: nothing needs attention.'
            : 'No alerts match these filters.',
        ),
      );
      return;
    }
    fill(
      box,
      table(
        ['Severity', 'Type', 'Message', 'Opened', 'Seen', 'State', ''],
        page.items.map((alert) => alertRow(alert)),
        'Alerts',
      ),
    );
  } catch (error) {
    if (generation !== state.generation) return;
    state.openAlerts = null;
    renderOverview();
    fill(box, problemBox(error, 'the alerts'));
  }
}

function alertRow(alert: Alert): HTMLElement {
  const tone = alert.severity === 'critical' ? 'bad' : alert.severity === 'warning' ? 'warn' : 'info';
  const stateText = alert.is_resolved
    ? `resolved${alert.resolution_action ? ` (${alert.resolution_action.replace(/_/g, ' ')})` : ''}`
    : alert.acknowledged_at
      ? `acknowledged ${when(alert.acknowledged_at)}${alert.acknowledged_by ? ` by ${alert.acknowledged_by}` : ''}`
      : 'open';
  const action = (label: string, run: (b: HTMLButtonElement) => Promise<void>) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement),
        'aria-label': `${label} alert: ${alert.alert_message}`,
      },
      label,
    );
  return h(
    'tr',
    { 'data-alert-id': alert.id },
    h('td', {}, badge(alert.severity, tone)),
    h('td', {}, alert.alert_type.replace(/_/g, ' ')),
    h('td', {}, alert.alert_message),
    h('td', {}, when(alert.alert_timestamp)),
    h('td', { class: 'num' }, `${alert.occurrences}×`),
    h('td', { class: 'alert-state' }, stateText),
    h(
      'td',
      { class: 'actions' },
      !alert.is_resolved && !alert.acknowledged_at
        ? action('Acknowledge', (b) => alertAction(alert, b, 'acknowledge'))
        : null,
      !alert.is_resolved ? action('Resolve', (b) => alertAction(alert, b, 'resolve')) : null,
    ),
  );
}

const RESOLUTION_ACTIONS = ['retrained', 'recalibrated', 'false_alarm', 'accepted', 'other'];

/** Acknowledge (name and notes optional) or resolve (what was done, notes, name) an alert. */
async function alertAction(
  alert: Alert,
  button: HTMLButtonElement,
  kind: 'acknowledge' | 'resolve',
): Promise<void> {
  const resolving = kind === 'resolve';
  const actionSelect = h(
    'label',
    {},
    'What was done ',
    h(
      'select',
      { name: 'action', required: true },
      ...RESOLUTION_ACTIONS.map((value) => h('option', { value }, value.replace('_', ' '))),
    ),
  );
  const data = await ask({
    title: `${resolving ? 'Resolve' : 'Acknowledge'} this alert`,
    body: [
      h('p', {}, alert.alert_message),
      ...(resolving ? [actionSelect] : []),
      h(
        'label',
        {},
        'Your name (optional) ',
        h('input', { name: 'by', maxlength: 200, autocomplete: 'name' }),
      ),
      h('label', {}, 'Notes (optional) ', h('textarea', { name: 'notes', maxlength: 2000, rows: 3 })),
    ],
    ok: resolving ? 'Resolve' : 'Acknowledge',
  });
  if (!data) return;
  const by = field(data, 'by').trim() || undefined;
  const notes = field(data, 'notes').trim() || undefined;
  const body = resolving
    ? { resolution_action: field(data, 'action'), resolution_notes: notes, resolved_by: by }
    : { acknowledged_by: by, notes };
  try {
    await busy(button, () => post(`/alerts/${alert.id}/${kind}`, {}, body));
    toast(`Alert ${resolving ? 'resolved' : 'acknowledged'}`, 'ok');
    await loadAlerts(state.generation);
  } catch (error) {
    toast(`Could not ${kind}: ${message(error)}`, 'bad');
  }
}

// ---------------------------------------------------------------- versions

async function loadVersions(generation: number): Promise<void> {
  const box = byId('versions-list');
  try {
    const page = await get<Page<ModelVersion>>('/models', { ...scope(), limit: 100 });
    if (generation !== state.generation) return;
    state.versions = page.items;
  } catch (error) {
    if (generation !== state.generation) return;
    state.versions = [];
    fill(box, problemBox(error, 'the versions'));
    renderOverview();
    return;
  }
  renderOverview();
  renderVersions();
  fillAbSelects();
  void loadPredictions(generation);
}

function renderVersions(): void {
  const box = byId('versions-list');
  if (!state.versions.length) {
    fill(box, empty('No versions yet: train a model with "Retrain…".'));
    return;
  }
  const rows = state.versions.map((v) => {
    const metrics = v.validation_metrics ?? v.training_metrics;
    const g14 = metrics?.guideline14;
    return h(
      'tr',
      { 'data-version': v.version },
      h('td', {}, `v${v.version}`),
      h('td', {}, badge(v.status, v.status === 'active' ? 'ok' : 'muted')),
      h('td', {}, v.algorithm),
      h('td', {}, `${day(v.training_data_start)} → ${day(v.training_data_end)}`),
      h('td', { class: 'num' }, num(metrics?.r_squared)),
      h('td', { class: 'num' }, isForecast() ? pct(metrics?.mape) : pct(metrics?.cv_rmse_pct)),
      h('td', {}, g14 ? (g14.passes ? badge('passes', 'ok') : badge('fails', 'bad')) : '–'),
      h('td', {}, when(v.created_at)),
      h(
        'td',
        {},
        v.status === 'active'
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: 'small',
                onclick: (e: Event) => void activate(v, e.currentTarget as HTMLButtonElement),
              },
              (activeVersion()?.version ?? 0) > v.version
                ? `Roll back to v${v.version}`
                : `Activate v${v.version}`,
            ),
      ),
    );
  });
  fill(
    box,
    table(
      [
        'Version',
        'Status',
        'Algorithm',
        'Trained on',
        'R²',
        isForecast() ? 'MAPE' : 'CV(RMSE)',
        'Guideline 14',
        'Created',
        '',
      ],
      rows,
      'Model versions (validation metrics)',
    ),
  );
}

async function activate(version: ModelVersion, button: HTMLButtonElement): Promise<void> {
  const data = await ask({
    title: `Activate v${version.version}?`,
    body: [
      h('p', {}, `v${version.version} will serve predictions; the active version is archived.`),
      h('label', {}, 'Reason ', h('input', { name: 'reason', maxlength: 500, required: true })),
    ],
    ok: `Activate v${version.version}`,
    danger: true,
  });
  if (!data) return;
  try {
    await busy(button, () => post(`/models/${version.id}/activate`, {}, { reason: field(data, 'reason') }));
    toast(`v${version.version} is active`, 'ok');
    await loadVersions(state.generation);
  } catch (error) {
    toast(`Could not activate: ${message(error)}`, 'bad');
  }
}

// ---------------------------------------------------------------- A/B tests

const abForm = byId<HTMLFormElement>('ab-form');

function fillAbSelects(): void {
  const options = (selected: string | undefined) =>
    state.versions.map((v) =>
      h('option', { value: v.id, selected: v.id === selected }, `v${v.version} (${v.status})`),
    );
  const active = activeVersion();
  const challenger = state.versions.find((v) => v.id !== active?.id);
  fill(abForm.elements.namedItem('model_a_id') as HTMLSelectElement, options(active?.id));
  fill(abForm.elements.namedItem('model_b_id') as HTMLSelectElement, options(challenger?.id));
  const name = abForm.elements.namedItem('test_name') as HTMLInputElement;
  if (!name.value && active && challenger) name.value = `v${active.version} vs v${challenger.version}`;
}

abForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(abForm);
  const button = abForm.querySelector<HTMLButtonElement>('button[type=submit]')!;
  if (data.get('model_a_id') === data.get('model_b_id')) {
    toast('Pick two different versions', 'bad');
    return;
  }
  void busy(button, async () => {
    try {
      const result = await post<{ test_id: string; message: string }>('/ab-test/start', {
        ...scope(),
        test_name: field(data, 'test_name'),
        model_a_id: field(data, 'model_a_id'),
        model_b_id: field(data, 'model_b_id'),
        duration_hours: field(data, 'duration_hours') || undefined,
        test_start: isoDay(field(data, 'test_start')),
      });
      toast(result.message, 'ok');
      await loadAbTests(state.generation);
    } catch (error) {
      toast(`A/B test not started: ${message(error)}`, 'bad');
    }
  });
});

async function loadAbTests(generation: number): Promise<void> {
  const box = byId('ab-list');
  try {
    const page = await get<Page<AbTest>>('/ab-tests', { ...scope(), limit: 20 });
    if (generation !== state.generation) return;
    if (!page.items.length) {
      fill(
        box,
        empty(
          state.versions.length < 2
            ? 'No A/B tests: train two versions, then start one above.'
            : 'No A/B tests yet: start one above.',
        ),
      );
      return;
    }
    const rows = page.items.map((test) => {
      const running = test.test_status === 'running';
      const button = (label: string, run: (b: HTMLButtonElement) => Promise<void>) =>
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement),
          },
          label,
        );
      return h(
        'tr',
        { 'data-test-id': test.id },
        h('td', {}, test.test_name),
        h('td', {}, `v${test.model_a_version} vs v${test.model_b_version}`),
        h('td', {}, `${day(test.test_start)} → ${day(test.test_end)}`),
        h('td', {}, badge(test.test_status, running ? 'info' : 'muted')),
        h('td', {}, test.decision?.replace(/_/g, ' ') ?? '–'),
        h(
          'td',
          { class: 'actions' },
          button('Results', (b) => showResults(test, b)),
          running ? button('Conclude', (b) => conclude(test, b)) : null,
          running ? button('Cancel', (b) => cancelTest(test, b)) : null,
        ),
      );
    });
    fill(box, table(['Name', 'Versions', 'Window', 'Status', 'Decision', ''], rows, 'A/B tests'));
  } catch (error) {
    if (generation === state.generation) fill(box, problemBox(error, 'the A/B tests'));
  }
}

async function showResults(test: AbTest, button: HTMLButtonElement): Promise<void> {
  const box = byId('ab-results');
  try {
    const r = await busy(button, () => get<AbResults>(`/ab-test/${test.id}/results`));
    const metricRow = (label: string, pick: (m: NonNullable<AbResults['model_a_metrics']>) => string) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num' }, r.model_a_metrics ? pick(r.model_a_metrics) : '–'),
        h('td', { class: 'num' }, r.model_b_metrics ? pick(r.model_b_metrics) : '–'),
      );
    const winner =
      r.winner === 'model_a'
        ? `A (v${r.model_a_version})`
        : r.winner === 'model_b'
          ? `B (v${r.model_b_version})`
          : 'none yet';
    fill(
      box,
      h(
        'article',
        { class: 'results', 'aria-labelledby': 'ab-results-h', 'data-test-id': r.test_id },
        h('h3', { id: 'ab-results-h', tabindex: -1 }, `Results: ${r.test_name}`),
        h(
          'p',
          { class: 'verdict' },
          r.winner === 'no_winner' ? badge('No winner', 'muted') : badge(`Winner: ${winner}`, 'ok'),
          ` ${r.sample_count} paired intervals · confidence level ${r.confidence_level}`,
        ),
        h('p', { class: 'recommendation' }, r.recommendation),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h('caption', { class: 'sr-only' }, 'Errors of both versions'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Error'),
                h('th', { scope: 'col' }, `A (v${r.model_a_version})`),
                h('th', { scope: 'col' }, `B (v${r.model_b_version})`),
              ),
            ),
            h(
              'tbody',
              {},
              metricRow('RMSE', (m) => num(m.rmse, 1)),
              metricRow('MAE', (m) => num(m.mae, 1)),
              metricRow('MAPE', (m) => pct(m.mape)),
              metricRow('CV(RMSE)', (m) => pct(m.cv_rmse_pct)),
              metricRow('NMBE', (m) => pct(m.nmbe_pct)),
              metricRow('R²', (m) => num(m.r_squared)),
            ),
          ),
        ),
        h(
          'dl',
          { class: 'kv' },
          h('dt', {}, 'p-value (Diebold-Mariano)'),
          h('dd', { 'data-field': 'p_value' }, pValue(r.p_value)),
          h('dt', {}, 'p-value (paired t)'),
          h('dd', {}, pValue(r.paired_t_p_value)),
          h('dt', {}, 'p-value (Wilcoxon)'),
          h('dd', {}, pValue(r.wilcoxon_p_value)),
          h('dt', {}, 'Difference of mean absolute errors (A − B), CI'),
          h(
            'dd',
            { 'data-field': 'ci' },
            r.confidence_interval
              ? `${num(r.mean_abs_error_difference, 1)} [${num(r.confidence_interval.low, 1)}, ${num(r.confidence_interval.high, 1)}]`
              : '–',
          ),
          h('dt', {}, 'Samples needed'),
          h(
            'dd',
            {},
            r.min_samples === null ? '–' : `${r.min_samples} (still needed: ${r.samples_still_needed ?? 0})`,
          ),
        ),
      ),
    );
    box.querySelector<HTMLElement>('#ab-results-h')?.focus();
  } catch (error) {
    fill(box, problemBox(error, 'the results'));
  }
}

async function conclude(test: AbTest, button: HTMLButtonElement): Promise<void> {
  const data = await ask({
    title: `Conclude "${test.test_name}"`,
    body: [
      h(
        'label',
        {},
        'Decision ',
        h(
          'select',
          { name: 'decision', required: true },
          h('option', { value: 'promote_a' }, `Promote A (v${test.model_a_version})`),
          h('option', { value: 'promote_b' }, `Promote B (v${test.model_b_version})`),
          h('option', { value: 'no_winner' }, 'No winner'),
          h('option', { value: 'manual_review' }, 'Manual review'),
        ),
      ),
      h('label', {}, 'Notes (optional) ', h('textarea', { name: 'notes', maxlength: 2000, rows: 3 })),
    ],
    ok: 'Conclude',
  });
  if (!data) return;
  const body: Record<string, string> = { decision: field(data, 'decision') };
  const notes = field(data, 'notes').trim();
  if (notes) body.notes = notes;
  try {
    await busy(button, () => post(`/ab-tests/${test.id}/conclude`, {}, body));
    toast(`A/B test concluded: ${body.decision.replace(/_/g, ' ')}`, 'ok');
    await Promise.all([loadAbTests(state.generation), loadVersions(state.generation)]);
  } catch (error) {
    toast(`Could not conclude: ${message(error)}`, 'bad');
  }
}

async function cancelTest(test: AbTest, button: HTMLButtonElement): Promise<void> {
  const ok = await ask({
    title: `Cancel "${test.test_name}"?`,
    body: [h('p', {}, 'No version is promoted.')],
    ok: 'Cancel the test',
    danger: true,
  });
  if (!ok) return;
  try {
    await busy(button, () => post(`/ab-tests/${test.id}/cancel`));
    toast('A/B test cancelled', 'ok');
    await loadAbTests(state.generation);
  } catch (error) {
    toast(`Could not cancel: ${message(error)}`, 'bad');
  }
}

// ---------------------------------------------------------------- pickers and start-up

function setWindows(machine: Machine): void {
  const last = machine.data?.energy.last;
  if (!last) return;
  const end = addDays(last, 1);
  const set = (formId: string, start: string) => {
    const form = byId<HTMLFormElement>(formId);
    (form.elements.namedItem('start') as HTMLInputElement).value = start;
    (form.elements.namedItem('end') as HTMLInputElement).value = end;
  };
  set('predictions-form', addDays(end, -90));
  set('evaluate-form', addDays(end, -30));
}

async function select(): Promise<void> {
  const generation = ++state.generation;
  const id = machineSelect.value;
  state.modelType = modelTypeSelect.value as ModelType;
  const params = new URLSearchParams({ machine: id, model_type: state.modelType });
  history.replaceState(null, '', `?${params.toString()}${location.hash}`);
  state.machine = state.machines.find((m) => m.id === id) ?? null;
  state.versions = [];
  state.trend = null;
  state.openAlerts = null;
  state.jobs.clear();
  fill(
    byId('drift-result'),
    empty('Run a drift check to compare recent data with what the model was trained on.'),
  );
  fill(byId('ab-results'));
  try {
    const machine = await get<Machine>(`/machines/${id}`);
    if (generation !== state.generation) return;
    state.machine = machine;
    const energy = machine.data?.energy;
    byId('machine-hint').textContent =
      `${machine.type}, ${machine.timezone}${energy?.last ? `, data to ${day(energy.last)}` : ''}`;
    setWindows(machine);
  } catch (error) {
    toast(`Could not load the machine: ${message(error)}`, 'bad');
  }
  renderOverview();
  listen();
  await Promise.all([
    loadVersions(generation).then(() => loadTrend(generation)),
    loadJobs(generation),
    loadAlerts(generation),
    loadAbTests(generation),
  ]);
  document.body.dataset.ready = 'true';
}

async function start(): Promise<void> {
  try {
    const page = await get<Page<Machine>>('/machines', { limit: 500 });
    state.machines = page.items;
  } catch (error) {
    fill(byId('cards'), problemBox(error, 'the machines'));
    return;
  }
  if (!state.machines.length) {
    fill(byId('cards'), empty('No machines yet: create one with POST /machines and ingest its readings.'));
    return;
  }
  fill(
    machineSelect,
    ...[...state.machines]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => h('option', { value: m.id }, m.name)),
  );
  const params = new URLSearchParams(location.search);
  const wanted = params.get('machine');
  if (wanted && state.machines.some((m) => m.id === wanted)) machineSelect.value = wanted;
  const type = params.get('model_type');
  if (type && [...modelTypeSelect.options].some((o) => o.value === type)) modelTypeSelect.value = type;
  machineSelect.addEventListener('change', () => void select());
  modelTypeSelect.addEventListener('change', () => void select());
  await select();
}

void start();
