/** Drift: a check of the active version, each test with its statistic, threshold and verdict. */
import { post } from '../api';
import { badge, busy, byId, day, fill, h, num, pValue, table } from '../dom';
import type { DriftResult } from '../types';
import { loadAlerts } from './alerts';
import { loadTrend } from './performance';
import { field, isoDay, message, scope, state } from '../state';

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

export function renderDrift(result: DriftResult): void {
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
