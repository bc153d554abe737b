/** What the page shows and for which machine and model type, and the helpers every section shares. */
import { localMidnight } from '../../../common/time-zone';
import { busy, byId, h, machineTimeZone, toast } from './dom';
import type { ActiveAlert, Aggregation, Machine, ModelType, ModelVersion, TrainingJob, Trend } from './types';

/**
 * The period every time view of the page shows (expected vs actual, savings, anomalies): from and
 * to are inclusive calendar days of the machine's timezone; aggregation groups the energy chart.
 */
export interface Range {
  from: string;
  to: string;
  aggregation: Aggregation;
}

export interface State {
  machines: Machine[];
  machine: Machine | null;
  modelType: ModelType;
  versions: ModelVersion[];
  trend: Trend | null;
  range: Range | null;
  openAlerts: ActiveAlert[] | null;
  jobs: Map<string, TrainingJob>;
  generation: number;
  unsubscribe: (() => void) | null;
}

export const state: State = {
  machines: [],
  machine: null,
  modelType: 'baseline',
  versions: [],
  trend: null,
  range: null,
  openAlerts: null,
  jobs: new Map(),
  generation: 0,
  unsubscribe: null,
};

export const machineSelect = byId<HTMLSelectElement>('machine');
export const modelTypeSelect = byId<HTMLSelectElement>('model-type');

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
export const problemBox = (error: unknown, what: string) =>
  h('p', { class: 'problem', role: 'alert' }, `Could not load ${what}: ${message(error)}`);
export const isForecast = () => state.modelType.startsWith('forecast');
export const scope = () => ({ machine_id: state.machine?.id, model_type: state.modelType });
export const activeVersion = () => state.versions.find((v) => v.status === 'active') ?? null;

/** A date input's value as the instant that day starts in the machine's timezone. */
export const isoDay = (value: string): string | undefined => (value ? dayStart(value) : undefined);
/** An inclusive end date of a form as the instant the next day starts (windows are half-open). */
export const inclusiveEnd = (value: string): string | undefined =>
  value ? dayStart(addDays(`${value}T00:00:00Z`, 1)) : undefined;
/** A form field's text ('' when absent). */
export const field = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};
export const addDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * An action a button starts (after its confirm dialog): the button is busy while the request
 * runs, a toast says how it went, and `then` reloads what it changed. Errors end in the toast.
 */
export async function act(
  button: HTMLButtonElement,
  request: () => Promise<unknown>,
  outcome: { done: string; failed: string; then?: () => Promise<unknown> },
): Promise<void> {
  try {
    await busy(button, request);
    toast(outcome.done, 'ok');
    await outcome.then?.();
  } catch (error) {
    toast(`${outcome.failed}: ${message(error)}`, 'bad');
  }
}

/**
 * The instant a calendar day starts in the machine's timezone (UTC before a machine is loaded),
 * e.g. "2015-01-01" in Asia/Seoul is 2014-12-31T15:00:00.000Z.
 */
export function dayStart(date: string, zone = machineTimeZone() ?? 'UTC'): string {
  return localMidnight(date, zone).toISOString();
}

/** The calendar day (YYYY-MM-DD) of an instant in the machine's timezone. */
export function localDay(iso: string, zone = machineTimeZone() ?? 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(iso));
}

/** The range as a half-open window of instants: from the start of `from` to the start of the day after `to`. */
export function rangeWindow(): { start?: string; end?: string } {
  const range = state.range;
  if (!range) return {};
  return { start: isoDay(range.from), end: inclusiveEnd(range.to) };
}

const rangeForm = byId<HTMLFormElement>('range-form');
const rangeInput = (name: string) => rangeForm.elements.namedItem(name) as HTMLInputElement;
const rangeListeners: ((generation: number) => Promise<unknown>)[] = [];

/** Sections that show the range register here: they reload when the user applies another range. */
export function onRangeChange(listener: (generation: number) => Promise<unknown>): void {
  rangeListeners.push(listener);
}

/** Sets the range (and its form) without reloading: the machine selection loads every section itself. */
export function setRange(range: Range): void {
  state.range = range;
  rangeInput('from').value = range.from;
  rangeInput('to').value = range.to;
  rangeInput('aggregation').value = range.aggregation;
}

/**
 * The default range of a machine: the last full calendar year before its last reading (the usual
 * M&V reporting period), from its first reading when the data starts later; null without data.
 */
export function defaultRange(machine: Machine): Range | null {
  const energy = machine.data?.energy;
  if (!energy?.last || !energy.first) return null;
  const last = localDay(energy.last);
  const year = Number(addDays(`${last}T00:00:00Z`, 1).slice(0, 4)) - 1;
  const first = localDay(energy.first);
  const from = `${year}-01-01` < first ? first : `${year}-01-01`;
  const to = `${year}-12-31` < from ? last : `${year}-12-31`;
  return { from, to, aggregation: state.range?.aggregation ?? 'day' };
}

rangeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const from = rangeInput('from').value;
  const to = rangeInput('to').value;
  if (to < from) {
    toast('The period ends before it starts: pick a "To" date on or after "From"', 'bad');
    return;
  }
  state.range = { from, to, aggregation: rangeInput('aggregation').value as Aggregation };
  const button = rangeForm.querySelector<HTMLButtonElement>('button[type=submit]')!;
  void busy(button, () => Promise.all(rangeListeners.map((listener) => listener(state.generation))));
});
