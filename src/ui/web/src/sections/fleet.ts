/**
 * Fleet: every machine and model type in one sortable table (GET /fleet). Savings this year are
 * not in that answer: each baseline row asks GET /savings for the year of its machine's last
 * reading once the table is drawn, one row after another so the service is not flooded.
 */
import { get } from '../api';
import { badge, byId, day, empty, fill, h, num, pct } from '../dom';
import type { FleetEntry, ModelType, Page, SavingsReport } from '../types';
import { machineSelect, message, modelTypeSelect, problemBox, state } from '../state';
import { energy } from './savings';

const MODEL_TYPE_LABELS: Record<ModelType, string> = {
  baseline: 'Baseline',
  anomaly: 'Anomaly',
  forecast_arima: 'Forecast (ARIMA)',
  forecast_prophet: 'Forecast (Prophet)',
};
const HEADLINE_LABELS = { cv_rmse: 'CV(RMSE)', mape: 'MAPE', f1_score: 'F1' } as const;

/** Savings this year per row key: undefined while asking, or why there is none. */
type Saved = { avoided_kwh: number; avoided_pct: number | null } | { problem: string };
const savings = new Map<string, Saved | undefined>();
const keyOf = (row: FleetEntry) => `${row.machine.id}/${row.model_type}`;
/** Each row's dates are in its own machine's timezone, not the selected machine's. */
const zoneOf = (row: FleetEntry) => state.machines.find((m) => m.id === row.machine.id)?.timezone;

type SortValue = string | number | null;
interface Column {
  title: string;
  sort: (row: FleetEntry) => SortValue;
  cell: (row: FleetEntry) => Node | string;
}

const COLUMNS: Column[] = [
  {
    title: 'Machine',
    sort: (r) => r.machine.name,
    cell: (r) =>
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'data-open': keyOf(r),
          onclick: () => openRow(r),
          'aria-label': `Open ${r.machine.name}, ${MODEL_TYPE_LABELS[r.model_type]}`,
        },
        r.machine.name,
      ),
  },
  {
    title: 'Model type',
    sort: (r) => MODEL_TYPE_LABELS[r.model_type],
    cell: (r) => MODEL_TYPE_LABELS[r.model_type],
  },
  {
    title: 'Active version',
    sort: (r) => r.active_version?.version ?? null,
    cell: (r) =>
      r.active_version
        ? `v${r.active_version.version} ${r.active_version.algorithm}, trained ${day(r.active_version.trained_at, zoneOf(r))}`
        : '–',
  },
  {
    title: 'Guideline 14',
    sort: (r) => (r.guideline14 ? (r.guideline14.passes ? 1 : 0) : null),
    cell: (r) =>
      r.guideline14 ? (r.guideline14.passes ? badge('passes', 'ok') : badge('fails', 'bad')) : '–',
  },
  {
    title: 'Last evaluation',
    sort: (r) => r.last_evaluation?.evaluated_at ?? null,
    cell: (r) => {
      const e = r.last_evaluation;
      if (!e) return '–';
      const value = e.headline.metric === 'f1_score' ? num(e.headline.value) : pct(e.headline.value);
      const nmbe = e.headline.metric === 'cv_rmse' ? `, NMBE ${pct(e.nmbe_pct)}` : '';
      return `${day(e.evaluated_at, zoneOf(r))}: ${HEADLINE_LABELS[e.headline.metric]} ${value}${nmbe}`;
    },
  },
  {
    title: 'Drift',
    sort: (r) => (r.drift ? (r.drift.drift_detected ? 1 : 0) : null),
    cell: (r) => (r.drift ? (r.drift.drift_detected ? badge('drift', 'bad') : badge('no drift', 'ok')) : '–'),
  },
  { title: 'Open alerts', sort: (r) => r.open_alerts, cell: (r) => String(r.open_alerts) },
  {
    title: 'Savings this year',
    sort: (r) => {
      const saved = savings.get(keyOf(r));
      return saved && 'avoided_kwh' in saved ? saved.avoided_kwh : null;
    },
    cell: (r) => savingsCell(h('span'), r),
  },
];

let rows: FleetEntry[] = [];
let total = 0;
let sorted: { column: number; direction: 1 | -1 } | null = null;

/** The cell's text, with the reason as its tooltip when there are no savings to show. */
function savingsCell<T extends HTMLElement>(element: T, row: FleetEntry): T {
  element.textContent = savingsText(row);
  const saved = savings.get(keyOf(row));
  if (saved && 'problem' in saved) element.title = saved.problem;
  return element;
}

function savingsText(row: FleetEntry): string {
  if (!savings.has(keyOf(row))) return '–';
  const saved = savings.get(keyOf(row));
  if (saved === undefined) return '…';
  if ('problem' in saved) return '–';
  return `${energy(saved.avoided_kwh)}${saved.avoided_pct === null ? '' : ` (${pct(saved.avoided_pct)})`}`;
}

/** Nulls last in either direction; numbers by value, text by locale. */
function compare(a: SortValue, b: SortValue, direction: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return direction * order;
}

function render(): void {
  const box = byId('fleet-list');
  if (!rows.length) {
    fill(box, empty('No machines yet.'));
    return;
  }
  const order = sorted;
  const view = order
    ? [...rows].sort((a, b) => {
        const key = COLUMNS[order.column].sort;
        return compare(key(a), key(b), order.direction);
      })
    : rows;
  const header = COLUMNS.map((column, index) =>
    h(
      'th',
      {
        scope: 'col',
        'aria-sort':
          sorted?.column === index ? (sorted.direction === 1 ? 'ascending' : 'descending') : 'none',
      },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          onclick: () => {
            sorted = {
              column: index,
              direction: sorted?.column === index ? (-sorted.direction as 1 | -1) : 1,
            };
            render();
          },
        },
        column.title,
      ),
    ),
  );
  fill(
    box,
    total > rows.length ? h('p', { class: 'hint' }, `The first ${rows.length} of ${total} rows.`) : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'fleet-table' },
        h('caption', { class: 'sr-only' }, 'Every machine and model type'),
        h('thead', {}, h('tr', {}, ...header)),
        h(
          'tbody',
          {},
          ...view.map((row) =>
            h(
              'tr',
              {
                'data-key': keyOf(row),
                'data-machine-id': row.machine.id,
                'data-model-type': row.model_type,
              },
              ...COLUMNS.map((column) => h('td', { 'data-column': column.title }, column.cell(row))),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Selects the row's machine and model type in the pickers (the page loads them) and scrolls to the overview. */
function openRow(row: FleetEntry): void {
  machineSelect.value = row.machine.id;
  modelTypeSelect.value = row.model_type;
  machineSelect.dispatchEvent(new Event('change'));
  byId('overview').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** Year to date of the machine's last reading, for each baseline row with an active version. */
async function fillSavings(): Promise<void> {
  for (const row of rows) {
    if (row.model_type !== 'baseline' || !row.active_version || !row.data_last) continue;
    const key = keyOf(row);
    try {
      const report = await get<SavingsReport>('/savings', {
        machine_id: row.machine.id,
        reporting_start: `${row.data_last.slice(0, 4)}-01-01T00:00:00Z`,
      });
      savings.set(key, { avoided_kwh: report.totals.avoided_kwh, avoided_pct: report.totals.avoided_pct });
    } catch (error) {
      savings.set(key, { problem: message(error) });
    }
    const cell = document.querySelector<HTMLElement>(
      `#fleet-table tr[data-key="${key}"] td[data-column="Savings this year"]`,
    );
    if (cell) savingsCell(cell, row);
  }
}

export async function loadFleet(): Promise<void> {
  const box = byId('fleet-list');
  delete box.dataset.savings;
  try {
    const page = await get<Page<FleetEntry>>('/fleet', { limit: 500 });
    rows = page.items;
    total = page.total;
  } catch (error) {
    fill(box, problemBox(error, 'the fleet'));
    return;
  }
  savings.clear();
  for (const row of rows)
    if (row.model_type === 'baseline' && row.active_version && row.data_last)
      savings.set(keyOf(row), undefined);
  render();
  await fillSavings();
  box.dataset.savings = 'done';
}

byId('fleet-refresh').addEventListener('click', () => void loadFleet());
