/** The overview cards: active version, Guideline 14, latest evaluation, open alerts. */
import { badge, byId, card, day, fill, h, num, pct, period, when } from '../dom';
import type { FitMetrics } from '../types';
import { activeVersion, isForecast, state } from '../state';

export function renderOverview(): void {
  const active = activeVersion();
  const metrics: FitMetrics | null = active?.validation_metrics ?? active?.training_metrics ?? null;
  const g14 = metrics?.guideline14;
  const latest = state.trend?.metrics.length
    ? [...state.trend.metrics].sort((a, b) => a.evaluation_date.localeCompare(b.evaluation_date)).at(-1)
    : undefined;
  const alerts = state.openAlerts;
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
            h('dd', {}, period(latest.evaluation_start, latest.evaluation_end)),
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
