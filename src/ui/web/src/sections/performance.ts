/** Performance: the error and R² trend, evaluating a window, expected against metered energy. */
import { ApiError, get, post } from '../api';
import { clear, energyChart, metricChart } from '../charts';
import { badge, busy, byId, day, fill, h, num, pct, table, toast } from '../dom';
import type { MetricPoint, Predictions, Trend } from '../types';
import { loadAlerts } from './alerts';
import { renderOverview } from './overview';
import {
  activeVersion,
  field,
  g14Limit,
  isForecast,
  isoDay,
  message,
  problemBox,
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

export function renderTrend(trend: Trend): void {
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
              h('td', {}, `${day(m.evaluation_start)} → ${day(m.evaluation_end)}`),
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

export async function loadPredictions(generation: number): Promise<void> {
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
