/**
 * Savings (M&V): avoided energy of a reporting period against a baseline version, with the
 * Guideline 14 fractional savings uncertainty band, cost where the server prices it, the months
 * as a chart and a table, and the report as PDF or CSV.
 */
import { download, get } from '../api';
import { savingsChart, clear } from '../charts';
import { busy, byId, empty, fill, h, month, num, pct, period, table } from '../dom';
import type { ModelVersion, Page, SavingsReport } from '../types';
import { act, field, onRangeChange, problemBox, rangeWindow, state } from '../state';

const form = byId<HTMLFormElement>('savings-form');
const versionSelect = form.elements.namedItem('model_id') as HTMLSelectElement;

/** Energy in the largest unit that keeps it above 1 (kWh, MWh, GWh), in `unit` when given. */
export function energy(kwh: number, unit = energyUnit(kwh)): string {
  const scale = { kWh: 1, MWh: 1e3, GWh: 1e6 }[unit];
  const digits = unit === 'kWh' ? 0 : 2;
  const value = (kwh / scale).toLocaleString('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${value} ${unit}`;
}
function energyUnit(kwh: number): 'kWh' | 'MWh' | 'GWh' {
  const size = Math.abs(kwh);
  return size >= 1e6 ? 'GWh' : size >= 1e3 ? 'MWh' : 'kWh';
}
/** Whole kWh with thousands separators, as the monthly table and the exact total show them. */
const kwh = (value: number): string => `${Math.round(value).toLocaleString('en-GB')} kWh`;
const money = (value: number | null | undefined, currency: string): string =>
  value === null || value === undefined
    ? '–'
    : value.toLocaleString('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 });

/** "1.22 GWh ± 0.44 GWh at 90 %", or why the server gives no band. */
function band(report: SavingsReport): string {
  const { totals, uncertainty } = report;
  const confidence = `${+(100 * uncertainty.confidence_level).toFixed(1)} %`;
  if (uncertainty.fsu_band_kwh === null)
    return `${energy(totals.avoided_kwh)}, no uncertainty band: ${uncertainty.reason ?? 'none given'}`;
  const unit = energyUnit(Math.max(Math.abs(totals.avoided_kwh), uncertainty.fsu_band_kwh));
  return `${energy(totals.avoided_kwh, unit)} ± ${energy(uncertainty.fsu_band_kwh, unit)} at ${confidence}`;
}

/** The report query: the page's period as the reporting period, the form's baseline and confidence. */
function query() {
  const data = new FormData(form);
  const { start, end } = rangeWindow();
  return {
    machine_id: state.machine?.id,
    model_id: field(data, 'model_id') || undefined,
    reporting_start: start,
    reporting_end: end,
    confidence_level: Number(field(data, 'confidence')) / 100,
  };
}

/**
 * Called on each machine selection and after an activation or rollback (the active baseline, the
 * default of the picker, may have changed): the machine's baseline versions, then the report.
 */
export async function loadSavings(generation: number): Promise<void> {
  const result = byId('savings-result');
  fill(result, empty('Loading the savings…'));
  fill(byId('savings-months'));
  clear(byId('chart-savings'), 'No report yet.');
  let versions: ModelVersion[] = [];
  try {
    const page = await get<Page<ModelVersion>>('/models', {
      machine_id: state.machine?.id,
      model_type: 'baseline',
      limit: 100,
    });
    versions = page.items;
  } catch (error) {
    if (generation !== state.generation) return;
    fill(result, problemBox(error, 'the baseline versions'));
    return;
  }
  if (generation !== state.generation) return;
  const active = versions.find((v) => v.status === 'active');
  fill(
    versionSelect,
    active ? null : h('option', { value: '' }, 'Active baseline (none)'),
    ...versions.map((v) =>
      h(
        'option',
        { value: v.id, selected: v === active },
        `v${v.version} ${v.algorithm}${v.status === 'active' ? ' (active)' : ''}`,
      ),
    ),
  );
  await showReport(generation);
}

async function showReport(generation: number): Promise<void> {
  const result = byId('savings-result');
  try {
    const report = await get<SavingsReport>('/savings', query());
    if (generation !== state.generation) return;
    renderSavings(report);
  } catch (error) {
    if (generation !== state.generation) return;
    fill(result, problemBox(error, 'the savings'));
    fill(byId('savings-months'));
    clear(byId('chart-savings'), 'No report.');
  }
}

function renderSavings(report: SavingsReport): void {
  const { totals } = report;
  const currency = report.cost?.currency;
  const costRow = (label: string, value: number | null | undefined) =>
    currency ? [h('dt', {}, label), h('dd', {}, money(value, currency))] : [];
  fill(
    byId('savings-result'),
    h(
      'p',
      { class: 'big', 'data-field': 'band' },
      band(report),
      totals.avoided_pct === null ? null : h('span', { class: 'hint' }, ` (${pct(totals.avoided_pct)})`),
    ),
    h(
      'p',
      { class: 'hint' },
      totals.avoided_kwh < 0
        ? 'Negative: the machine used more energy than the baseline predicts.'
        : 'Avoided energy: what the baseline predicts minus what was metered.',
    ),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, 'Avoided'),
      h('dd', { 'data-field': 'avoided-kwh' }, kwh(totals.avoided_kwh)),
      h('dt', {}, 'Counterfactual'),
      h('dd', { 'data-field': 'counterfactual-kwh' }, kwh(totals.counterfactual_kwh)),
      h('dt', {}, 'Metered'),
      h('dd', { 'data-field': 'metered-kwh' }, kwh(totals.metered_kwh)),
      ...costRow('Avoided cost', totals.avoided_cost),
      ...costRow('Counterfactual cost', totals.counterfactual_cost),
      ...costRow('Metered cost', totals.metered_cost),
      h('dt', {}, 'Baseline'),
      h('dd', {}, `v${report.model_version}, ${report.method}`),
      h('dt', {}, 'Period'),
      h(
        'dd',
        {},
        `${period(report.reporting_period.start, report.reporting_period.end)}, ${totals.intervals} intervals`,
      ),
      report.cost ? [h('dt', {}, 'Tariff'), h('dd', {}, report.cost.source)] : null,
    ),
  );
  savingsChart(
    byId('chart-savings'),
    report.monthly.map((m) => ({
      x: Date.parse(`${m.month}-01T00:00:00Z`) / 1000,
      counterfactual: m.counterfactual_kwh,
      metered: m.metered_kwh,
    })),
  );
  const headers = ['Month', 'Counterfactual kWh', 'Metered kWh', 'Avoided kWh', 'Avoided'];
  if (currency) headers.push(`Avoided cost (${currency})`);
  fill(
    byId('savings-months'),
    table(
      headers,
      report.monthly.map((m) =>
        h(
          'tr',
          { 'data-month': m.month },
          h('td', {}, month(m.month)),
          h('td', { class: 'num' }, num(m.counterfactual_kwh)),
          h('td', { class: 'num' }, num(m.metered_kwh)),
          h('td', { class: 'num' }, num(m.avoided_kwh)),
          h('td', { class: 'num' }, pct(m.avoided_pct)),
          currency ? h('td', { class: 'num' }, money(m.avoided_cost, currency)) : null,
        ),
      ),
      'Savings per month',
    ),
  );
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  void busy(button, () => showReport(state.generation));
});

for (const format of ['pdf', 'csv'] as const) {
  const button = byId<HTMLButtonElement>(`savings-${format}`);
  const name = format.toUpperCase();
  button.addEventListener('click', () => {
    void act(
      button,
      async () => {
        const file = await download('/savings', { ...query(), format });
        const link = h('a', {
          href: URL.createObjectURL(file.blob),
          download: file.filename ?? `savings.${format}`,
        });
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      },
      { done: `Saved the savings report (${name})`, failed: `Could not download the ${name}` },
    );
  });
}

onRangeChange(showReport);
