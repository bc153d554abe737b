/** Versions: the registry of the machine's model type, activation and rollback. */
import { get, post } from '../api';
import { ask, badge, byId, empty, fill, h, num, pct, period, table, when } from '../dom';
import type { Activation, FitMetrics, ModelVersion, Page } from '../types';
import { fillAbSelects } from './ab-tests';
import { renderOverview } from './overview';
import { loadPredictions } from './performance';
import { loadSavings } from './savings';
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
  void loadHistory(generation);
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
      h('td', {}, period(v.training_data_start, v.training_data_end)),
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

/** A version's metrics as the page reports them: validation (hold-out) when it has them, else training. */
function reported(version: ModelVersion): { metrics: FitMetrics | null; source: 'validation' | 'training' } {
  return version.validation_metrics
    ? { metrics: version.validation_metrics, source: 'validation' }
    : { metrics: version.training_metrics, source: 'training' };
}

/**
 * What speaks against activating `version`, one sentence each: it fails Guideline 14, or its error
 * is worse than the active version's on the metric the versions table shows (same source, so
 * that a training figure is never compared with a hold-out one).
 */
export function activationWarnings(version: ModelVersion, active: ModelVersion | null): string[] {
  const warnings: string[] = [];
  const mine = reported(version);
  const g14 = mine.metrics?.guideline14;
  if (g14 && !g14.passes)
    warnings.push(
      `v${version.version} fails ASHRAE Guideline 14 (${mine.source}, ${g14.interval === 'day' ? 'daily' : 'hourly'}): CV(RMSE) ${pct(g14.cv_rmse_pct)} against a limit of ${g14.limits.cv_rmse_pct} %, NMBE ${pct(g14.nmbe_pct)} against ±${g14.limits.nmbe_pct} %.`,
    );
  if (!active || active.id === version.id) return warnings;
  const theirs = reported(active);
  const metric = isForecast() ? 'mape' : 'cv_rmse_pct';
  const label = isForecast() ? 'MAPE' : 'CV(RMSE)';
  const a = mine.metrics?.[metric];
  const b = theirs.metrics?.[metric];
  if (mine.source === theirs.source && typeof a === 'number' && typeof b === 'number' && a > b)
    warnings.push(
      `v${version.version} scores worse than the active v${active.version} on ${mine.source} ${label}: ${pct(a)} against ${pct(b)} (lower is better).`,
    );
  return warnings;
}

export async function activate(version: ModelVersion, button: HTMLButtonElement): Promise<void> {
  const warnings = activationWarnings(version, activeVersion());
  const data = await ask({
    title: warnings.length
      ? `Activate v${version.version} despite warnings?`
      : `Activate v${version.version}?`,
    body: [
      ...(warnings.length
        ? [h('ul', { class: 'warnings', role: 'alert' }, ...warnings.map((w) => h('li', {}, w)))]
        : []),
      h('p', {}, `v${version.version} will serve predictions; the active version is archived.`),
      h('label', {}, 'Reason ', h('input', { name: 'reason', maxlength: 500, required: true })),
    ],
    ok: warnings.length ? `Activate v${version.version} anyway` : `Activate v${version.version}`,
    danger: true,
  });
  if (!data) return;
  await act(button, () => post(`/models/${version.id}/activate`, {}, { reason: field(data, 'reason') }), {
    done: `v${version.version} is active`,
    failed: `Could not activate`,
    // The savings report defaults to the active baseline: it changed.
    then: () => Promise.all([loadVersions(state.generation), loadSavings(state.generation)]),
  });
}

/** Which version was active when, who activated it (a person, or training/rollback) and why. */
async function loadHistory(generation: number): Promise<void> {
  const box = byId('versions-history');
  try {
    const history = await get<Activation[]>('/models/history', scope());
    if (generation !== state.generation) return;
    fill(
      box,
      history.length
        ? table(
            ['Version', 'Active from', 'Until', 'Activated by', 'Reason'],
            history.map((a) =>
              h(
                'tr',
                { 'data-activation': a.id },
                h('td', {}, `v${a.model_version}`),
                h('td', {}, when(a.activated_at)),
                h('td', {}, a.deactivated_at ? when(a.deactivated_at) : badge('active', 'ok')),
                h('td', {}, a.activated_by ?? '–'),
                h('td', {}, a.reason ?? '–'),
              ),
            ),
            'Activation history, newest first',
          )
        : empty('No version was activated yet.'),
    );
  } catch (error) {
    if (generation !== state.generation) return;
    fill(box, problemBox(error, 'the activation history'));
  }
}
