/** Versions: the registry of the machine's model type, activation and rollback. */
import { get, post } from '../api';
import { ask, badge, byId, day, empty, fill, h, num, pct, table, when } from '../dom';
import type { ModelVersion, Page } from '../types';
import { fillAbSelects } from './ab-tests';
import { renderOverview } from './overview';
import { loadPredictions } from './performance';
import { act, activeVersion, field, isForecast, problemBox, scope, state } from '../state';

export async function loadVersions(generation: number): Promise<void> {
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

export function renderVersions(): void {
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

export async function activate(version: ModelVersion, button: HTMLButtonElement): Promise<void> {
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
  await act(button, () => post(`/models/${version.id}/activate`, {}, { reason: field(data, 'reason') }), {
    done: `v${version.version} is active`,
    failed: `Could not activate`,
    then: () => loadVersions(state.generation),
  });
}
