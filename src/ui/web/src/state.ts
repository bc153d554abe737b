/** What the page shows and for which machine and model type, and the helpers every section shares. */
import { busy, byId, h, toast } from './dom';
import type { ActiveAlert, Machine, ModelType, ModelVersion, TrainingJob, Trend } from './types';

export interface State {
  machines: Machine[];
  machine: Machine | null;
  modelType: ModelType;
  versions: ModelVersion[];
  trend: Trend | null;
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

/** The active version's Guideline 14 CV(RMSE) limit as the server judged it; null when it sent none. */
export function g14Limit(): number | null {
  return activeVersion()?.validation_metrics?.guideline14?.limits.cv_rmse_pct ?? null;
}

/** A date input's value as the start of that day in UTC. */
export const isoDay = (value: string): string | undefined => (value ? `${value}T00:00:00Z` : undefined);
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
