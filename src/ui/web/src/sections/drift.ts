/** Drift: a check of the active version, each test with its statistic, threshold and verdict. */
import { post } from '../api';
import { badge, busy, byId, fill, h, num, pct, period, pValue, table } from '../dom';
import type { DriftResult, DriftTest } from '../types';
import { loadAlerts } from './alerts';
import { loadTrend } from './performance';
import { field, inclusiveEnd, isoDay, message, scope, state } from '../state';

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
        end: inclusiveEnd(field(data, 'end')),
      });
      renderDrift(result);
      void loadAlerts(state.generation);
      void loadTrend(state.generation);
    } catch (error) {
      fill(box, h('p', { class: 'problem', role: 'alert' }, `Drift check failed: ${message(error)}`));
    }
  });
});

const isKs = (test: DriftTest) => test.name.startsWith('ks_');
const share = (value: number | null) => (value === null ? '–' : pct(100 * value));
const detailNumber = (test: DriftTest, key: string): number | null => {
  const value = test.detail?.[key];
  return typeof value === 'number' ? value : null;
};

/** What the test measured, in the unit its threshold is in (a KS test decides on its p-value). */
function measured(test: DriftTest): string {
  return isKs(test) ? `p = ${pValue(test.p_value)}` : num(test.statistic);
}

function limit(test: DriftTest): string {
  return isKs(test) ? `p < ${num(test.threshold, 2)}` : num(test.threshold);
}

/** One sentence per test: what it compares, its value against its threshold, and what that means. */
export function explain(test: DriftTest): string {
  const feature = test.feature.replace(/_/g, ' ');
  switch (test.name) {
    case 'relative_error_change': {
      const metric = test.feature === 'rmse' ? 'RMSE' : 'CV(RMSE)';
      return `${metric} of the window is ${num(detailNumber(test, 'current'))} against ${num(detailNumber(test, 'validation'))} at validation, a change of ${share(test.statistic)}; more than +${share(test.threshold)} is performance drift.`;
    }
    case 'guideline14_cv_rmse':
      return `CV(RMSE) of the window is ${pct(test.statistic)} against the ASHRAE Guideline 14 limit of ${pct(test.threshold, 0)}.`;
    case 'guideline14_nmbe':
      return `The mean bias of the window, |NMBE| ${pct(test.statistic)}, against the ASHRAE Guideline 14 limit of ±${pct(test.threshold, 0)}.`;
    case 'psi':
      return `Population stability index of ${feature} against the training window: ${num(test.statistic)}; ${num(test.threshold)} or more means its distribution moved.`;
    case 'ks_two_sample':
      return `Kolmogorov–Smirnov test of ${feature} against the training window: p = ${pValue(test.p_value)} (D = ${num(test.statistic)}); p below ${num(test.threshold, 2)} means its distribution moved.`;
    case 'ks_same_season':
      return test.p_value === null
        ? `${feature} could not be compared with the same calendar months of training: ${typeof test.detail?.reason === 'string' ? test.detail.reason : 'too few intervals'}.`
        : `Kolmogorov–Smirnov test of ${feature} against the training intervals of the same calendar months: p = ${pValue(test.p_value)}; p below ${num(test.threshold, 2)} means unusual weather for the season, which explains energy but is not drift by itself.`;
    case 'extrapolation_share':
      return `${share(test.statistic)} of the window's ${feature} values lie outside the training range [${num(detailNumber(test, 'training_min'))}, ${num(detailNumber(test, 'training_max'))}]; above ${share(test.threshold)} the model extrapolates.`;
    case 'cusum':
      return `CUSUM of the ${test.detail?.basis === 'daily_mean' ? 'daily mean residuals' : 'residuals'} (standardised by the training window's) peaks at ${num(test.statistic)} against the alarm level ${num(test.threshold)}; above it the model's errors have shifted.`;
    default:
      return `${test.name.replace(/_/g, ' ')} of ${feature}: ${measured(test)} against ${limit(test)}.`;
  }
}

function verdict(test: DriftTest): HTMLElement {
  // Season tests describe the window; they never make drift.
  if (test.kind === 'season') return test.drift ? badge('unusual', 'warn') : badge('usual', 'ok');
  return test.drift ? badge('drift', 'bad') : badge('ok', 'ok');
}

export function renderDrift(result: DriftResult): void {
  const rows = result.tests.map((test) =>
    h(
      'tr',
      { 'data-test': test.name },
      h('td', {}, test.name.replace(/_/g, ' ')),
      h('td', {}, test.kind),
      h('td', {}, test.feature),
      h('td', { class: 'num' }, measured(test)),
      h('td', { class: 'num' }, limit(test)),
      h('td', {}, verdict(test)),
      h('td', { class: 'explain' }, explain(test)),
    ),
  );
  fill(
    byId('drift-result'),
    h(
      'p',
      { class: 'verdict' },
      result.drift_detected ? badge('Drift detected', 'bad') : badge('No drift', 'ok'),
      ` v${result.model_version} · score ${num(result.drift_score)} (threshold ${num(result.threshold)})${result.drift_type ? ` · ${result.drift_type.replace(/_/g, ' ')}` : ''}${result.window ? ` · window ${period(result.window.start, result.window.end)}` : ''}`,
    ),
    h('p', {}, result.recommendation),
    table(
      ['Test', 'Kind', 'Feature', 'Measured', 'Threshold', 'Verdict', 'What it means'],
      rows,
      'Drift tests',
    ),
  );
}
