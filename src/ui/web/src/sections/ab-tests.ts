/** A/B tests: start one, read its results, conclude or cancel it. */
import { get, post } from '../api';
import { ask, badge, busy, byId, empty, fill, h, num, period, pValue, pct, table, toast } from '../dom';
import type { AbResults, AbTest, Page } from '../types';
import { act, activeVersion, field, isoDay, message, problemBox, scope, state } from '../state';
import { loadArms } from './performance';
import { loadSavings } from './savings';
import { loadVersions } from './versions';

export const abForm = byId<HTMLFormElement>('ab-form');

export function fillAbSelects(): void {
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
      await Promise.all([loadAbTests(state.generation), loadArms(state.generation)]);
    } catch (error) {
      toast(`A/B test not started: ${message(error)}`, 'bad');
    }
  });
});

export async function loadAbTests(generation: number): Promise<void> {
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
        h('td', {}, period(test.test_start, test.test_end)),
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

export async function showResults(test: AbTest, button: HTMLButtonElement): Promise<void> {
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

export async function conclude(test: AbTest, button: HTMLButtonElement): Promise<void> {
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
  await act(button, () => post(`/ab-tests/${test.id}/conclude`, {}, body), {
    done: `A/B test concluded: ${body.decision.replace(/_/g, ' ')}`,
    failed: `Could not conclude`,
    then: () =>
      Promise.all([
        loadAbTests(state.generation),
        loadVersions(state.generation),
        loadSavings(state.generation),
        loadArms(state.generation),
      ]),
  });
}

export async function cancelTest(test: AbTest, button: HTMLButtonElement): Promise<void> {
  const ok = await ask({
    title: `Cancel "${test.test_name}"?`,
    body: [h('p', {}, 'No version is promoted.')],
    ok: 'Cancel the test',
    danger: true,
  });
  if (!ok) return;
  await act(button, () => post(`/ab-tests/${test.id}/cancel`), {
    done: 'A/B test cancelled',
    failed: `Could not cancel`,
    then: () => Promise.all([loadAbTests(state.generation), loadArms(state.generation)]),
  });
}
