/** Performance: the error and R² trend, evaluating a window, expected against metered energy. */
import { ApiError, get, post } from '../api';
import { clear, energyChart, type EnergyRow, type Limit, metricChart } from '../charts';
import { badge, busy, byId, fill, h, num, pct, period, table, toast } from '../dom';
import type { AbTest, Aggregation, MetricPoint, Page, PredictionRow, Predictions, Trend } from '../types';
import { loadAlerts } from './alerts';
import { renderOverview } from './overview';
import {
  activeVersion,
  field,
  inclusiveEnd,
  isForecast,
  isoDay,
  message,
  onRangeChange,
  problemBox,
  rangeWindow,
  scope,
  state,
} from '../state';

export const errorFigure = byId('chart-error');
export const r2Figure = byId('chart-r2');

export async function loadTrend(generation: number): Promise<void> {
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
    fill(byId('trend-table'));
    renderOverview();
    return;
  }
  renderOverview();
  renderTrend(state.trend);
}

/**
 * The evaluations the trend charts draw: one per version and end of the evaluated window, the
 * newest evaluation of that window (an evaluation repeated over the same window replaces the
 * earlier one; the table lists them all).
 */
function charted(sorted: MetricPoint[]): MetricPoint[] {
  const newest = new Map<string, MetricPoint>();
  for (const m of sorted) {
    const key = `${m.model_version}/${m.evaluation_end}`;
    const seen = newest.get(key);
    if (!seen || seen.evaluation_date < m.evaluation_date) newest.set(key, m);
  }
  return sorted.filter((m) => newest.get(`${m.model_version}/${m.evaluation_end}`) === m);
}

/**
 * The Guideline 14 CV(RMSE) limits of the versions in view, as the server judged each version
 * (guideline14.limits of its validation or training metrics): one per calibration interval.
 */
function limitsInView(points: MetricPoint[]): Limit[] {
  const limits = new Map<string, Limit>();
  for (const version of new Set(points.map((m) => m.model_version))) {
    const found = state.versions.find((v) => v.version === version);
    const g14 = (found?.validation_metrics ?? found?.training_metrics)?.guideline14;
    if (g14)
      limits.set(g14.interval, {
        value: g14.limits.cv_rmse_pct,
        label: g14.interval === 'day' ? 'daily' : 'hourly',
      });
  }
  return [...limits.values()];
}

export function renderTrend(trend: Trend): void {
  const sorted = [...trend.metrics].sort(
    (a, b) =>
      a.evaluation_end.localeCompare(b.evaluation_end) || a.evaluation_date.localeCompare(b.evaluation_date),
  );
  const drawn = charted(sorted);
  const x = (m: MetricPoint) => Date.parse(m.evaluation_end) / 1000;
  const forecast = isForecast();
  const errorPoints = drawn.map((m) => ({
    x: x(m),
    version: m.model_version,
    value: forecast ? m.mape : m.cv_rmse,
  }));
  const limits = state.modelType === 'baseline' ? limitsInView(drawn) : [];
  const limitText = limits.map((l) => `${l.value} %${limits.length > 1 ? ` (${l.label})` : ''}`).join(', ');
  metricChart(
    errorFigure,
    errorPoints,
    forecast ? { label: 'MAPE', unit: ' %' } : { label: 'CV(RMSE)', unit: ' %' },
    limits,
    `${forecast ? 'MAPE' : 'CV(RMSE)'} per evaluation, by end of the evaluated window, one line per version${limits.length ? `; red dashes: Guideline 14 limit ${limitText}` : ''}`,
  );
  metricChart(
    r2Figure,
    drawn.map((m) => ({ x: x(m), version: m.model_version, value: m.r_squared })),
    { label: 'R²', unit: '' },
    [],
    'R² per evaluation, one line per version',
  );
  const drifted = sorted.filter((m) => m.drift_detected).length;
  const inSample = sorted.filter(trainedOn).length;
  fill(
    byId('trend-summary'),
    `${sorted.length} evaluation${sorted.length === 1 ? '' : 's'} · trend ${trend.trend_direction} · degradation rate ${num(trend.degradation_rate)}${drifted ? ` · drift flagged in ${drifted}` : ''}${inSample ? ` · ${inSample} over data the version was trained on (marked "trained on" below: optimistic)` : ''}`,
  );
  renderTrendTable(sorted);
}

/**
 * Whether an evaluation's window overlaps the training window of the version it evaluated: the
 * model has seen those intervals, so its error there flatters it. (Training windows are
 * half-open: the hold-out starts where training ends.)
 */
function trainedOn(metric: MetricPoint): boolean {
  const version = state.versions.find((v) => v.version === metric.model_version);
  if (!version?.training_data_start || !version.training_data_end) return false;
  return (
    Date.parse(metric.evaluation_start) < Date.parse(version.training_data_end) &&
    Date.parse(metric.evaluation_end) > Date.parse(version.training_data_start)
  );
}

function renderTrendTable(sorted: MetricPoint[]): void {
  const forecast = isForecast();
  fill(
    byId('trend-table'),
    h(
      'details',
      {},
      h('summary', {}, `Evaluations (${sorted.length})`),
      table(
        ['Window', 'Version', 'Source', forecast ? 'MAPE' : 'CV(RMSE)', 'R²', 'Data'],
        [...sorted]
          .reverse()
          .map((m) =>
            h(
              'tr',
              { 'data-in-sample': String(trainedOn(m)) },
              h('td', {}, period(m.evaluation_start, m.evaluation_end)),
              h('td', {}, `v${m.model_version}`),
              h('td', {}, m.source.replace(/_/g, ' ')),
              h('td', { class: 'num' }, pct(forecast ? m.mape : m.cv_rmse)),
              h('td', { class: 'num' }, num(m.r_squared)),
              h(
                'td',
                {},
                trainedOn(m)
                  ? badge('trained on', 'warn')
                  : badge(m.source === 'training_holdout' ? 'hold-out' : 'unseen', 'muted'),
              ),
            ),
          ),
        'Evaluations, newest window first',
      ),
    ),
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
        { ...scope(), start: isoDay(field(data, 'start')), end: inclusiveEnd(field(data, 'end')) },
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

/** The intervals of a bucket of the chart, by the start of each interval on the machine's clock. */
function bucketOf(localTime: string, aggregation: Aggregation): string {
  if (aggregation === 'month') return localTime.slice(0, 7);
  if (aggregation === 'day') return localTime.slice(0, 10);
  return localTime;
}

/** Sum of the values, or null when one is missing (a partial sum would read as a low interval). */
function total(values: (number | null | undefined)[]): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null || value === undefined) return null;
    sum += value;
  }
  return sum;
}

/**
 * The model's intervals grouped into hours, days or months of the machine's clock (local_time):
 * expected and actual summed, the bucket drawn at its first interval. A model of days shown per
 * hour stays per day. The prediction interval is kept only at the model's own interval: the
 * bounds of a sum are not the sums of the bounds.
 */
export function aggregate(rows: PredictionRow[], aggregation: Aggregation): EnergyRow[] {
  const buckets = new Map<string, PredictionRow[]>();
  for (const row of rows) {
    const key = bucketOf(row.local_time, aggregation);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(row);
    else buckets.set(key, [row]);
  }
  return [...buckets.values()].map((bucket) => ({
    x: Date.parse(bucket[0].time) / 1000,
    expected: total(bucket.map((r) => r.expected_kwh)),
    actual: total(bucket.map((r) => r.actual_kwh)),
    ...(bucket.length === 1 ? { lower: bucket[0].lower_kwh, upper: bucket[0].upper_kwh } : {}),
  }));
}

export async function loadPredictions(generation: number): Promise<void> {
  const energy = byId('chart-energy');
  const cusum = byId('chart-cusum');
  if (!activeVersion()) {
    clear(energy, 'No active model: train a model to compare expected and actual energy.');
    clear(cusum, '');
    fill(byId('predictions-summary'));
    return;
  }
  const aggregation = state.range?.aggregation ?? 'day';
  try {
    const result = await get<Predictions>('/predictions', {
      ...scope(),
      ...rangeWindow(),
      arm: armSelect.value,
    });
    if (generation !== state.generation) return;
    if (!result.predictions.length) {
      clear(energy, 'No readings in this period: pick a period with meter data.');
      clear(cusum, '');
      return;
    }
    const rows = aggregate(result.predictions, aggregation);
    // A model of days has no hours to show: its chart stays per day.
    const per =
      rows.length === result.predictions.length &&
      aggregation === 'hour' &&
      !result.predictions[0].local_time.includes('T')
        ? 'day'
        : aggregation;
    energy.dataset.aggregation = per;
    energyChart(
      energy,
      cusum,
      rows,
      per,
      result.interval_level ? `${Math.round(100 * result.interval_level)} %` : null,
    );
    const paired = result.predictions.filter((r) => r.expected_kwh !== null && r.actual_kwh !== null);
    const difference = paired.reduce((sum, r) => sum + (r.actual_kwh! - r.expected_kwh!), 0);
    fill(
      byId('predictions-summary'),
      `v${result.model_version} (${result.served_by.replace('_', ' ')}): ${rows.length} ${per}${rows.length === 1 ? '' : 's'} of ${result.predictions.length} intervals, actual − expected = ${num(difference, 0)} kWh`,
    );
  } catch (error) {
    if (generation !== state.generation) return;
    clear(energy, `Could not load the predictions: ${message(error)}`);
    clear(cusum, '');
  }
}

const armSelect = byId<HTMLFormElement>('predictions-form').elements.namedItem('arm') as HTMLSelectElement;

/**
 * The versions the chart can show: the active one, and while an A/B test runs each of its arms,
 * picked explicitly (never the arm the traffic split would give this page).
 */
export async function loadArms(generation: number): Promise<void> {
  const picked = armSelect.value;
  const activeOption = () =>
    h(
      'option',
      { value: 'active' },
      `Active version${activeVersion() ? ` (v${activeVersion()!.version})` : ''}`,
    );
  let running: AbTest | undefined;
  try {
    running = (await get<Page<AbTest>>('/ab-tests', { ...scope(), test_status: 'running', limit: 1 }))
      .items[0];
  } catch {
    // Without the tests the chart still shows the active version.
    running = undefined;
  }
  if (generation !== state.generation) return;
  fill(
    armSelect,
    activeOption(),
    running
      ? [
          h('option', { value: 'model_a' }, `A/B arm A (v${running.model_a_version})`),
          h('option', { value: 'model_b' }, `A/B arm B (v${running.model_b_version})`),
        ]
      : null,
  );
  if ([...armSelect.options].some((o) => o.value === picked)) armSelect.value = picked;
}

/** Back to the active version (another machine or model type has other tests). */
export function resetArm(): void {
  fill(armSelect, h('option', { value: 'active' }, 'Active version'));
}

byId<HTMLFormElement>('predictions-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadPredictions(state.generation);
});

onRangeChange(loadPredictions);
