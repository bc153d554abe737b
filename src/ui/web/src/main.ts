/**
 * The model performance page: machine and model type pickers, then one section per part of the
 * loop (sections/: overview, savings, training, performance, anomalies, drift, alerts, versions,
 * A/B tests, and the fleet across machines) over one shared state (state.ts).
 */
import './styles.css';
import { get } from './api';
import { byId, day, empty, fill, h, setTimeZone, toast } from './dom';
import type { Machine, ModelType, Page } from './types';
import { loadAbTests } from './sections/ab-tests';
import { loadAnomalies } from './sections/anomalies';
import { loadAlerts } from './sections/alerts';
import { loadFleet } from './sections/fleet';
import { renderOverview } from './sections/overview';
import { loadArms, loadTrend, resetArm } from './sections/performance';
import { loadSavings } from './sections/savings';
import {
  addDays,
  defaultRange,
  machineSelect,
  message,
  modelTypeSelect,
  problemBox,
  setRange,
  state,
} from './state';
import { listen, loadJobs } from './sections/training';
import { loadVersions } from './sections/versions';
import './sections/api-key';
import './sections/drift';

/** The machine's default period for every time view, and the last 30 days of it to evaluate. */
function setWindows(machine: Machine): void {
  const range = defaultRange(machine);
  if (!range) return;
  setRange(range);
  const form = byId<HTMLFormElement>('evaluate-form');
  (form.elements.namedItem('start') as HTMLInputElement).value = addDays(`${range.to}T00:00:00Z`, -29);
  (form.elements.namedItem('end') as HTMLInputElement).value = range.to;
}

async function select(): Promise<void> {
  const generation = ++state.generation;
  const id = machineSelect.value;
  state.modelType = modelTypeSelect.value as ModelType;
  const params = new URLSearchParams({ machine: id, model_type: state.modelType });
  history.replaceState(null, '', `?${params.toString()}${location.hash}`);
  state.machine = state.machines.find((m) => m.id === id) ?? null;
  state.versions = [];
  state.trend = null;
  state.openAlerts = null;
  state.jobs.clear();
  fill(
    byId('drift-result'),
    empty('Run a drift check to compare recent data with what the model was trained on.'),
  );
  fill(byId('ab-results'));
  resetArm();
  try {
    const machine = await get<Machine>(`/machines/${id}`);
    if (generation !== state.generation) return;
    state.machine = machine;
    setTimeZone(machine.timezone);
    const energy = machine.data?.energy;
    byId('machine-hint').textContent =
      `${machine.type}, ${machine.timezone}${energy?.last ? `, data to ${day(energy.last)}` : ''}`;
    setWindows(machine);
  } catch (error) {
    toast(`Could not load the machine: ${message(error)}`, 'bad');
  }
  renderOverview();
  listen();
  await Promise.all([
    loadVersions(generation).then(() => loadTrend(generation)),
    loadJobs(generation),
    loadAlerts(generation),
    loadAbTests(generation),
    loadArms(generation),
    loadSavings(generation),
    loadAnomalies(generation),
  ]);
  document.body.dataset.ready = 'true';
}

/**
 * Sections scrolled to (the navigation, a screenshot) stop below the sticky header, whose height
 * depends on the width (its pickers wrap): CSS reads it from --top-height.
 */
function trackHeaderHeight(): void {
  const header = document.querySelector<HTMLElement>('header.top');
  if (!header) return;
  new ResizeObserver(() =>
    document.documentElement.style.setProperty('--top-height', `${header.offsetHeight}px`),
  ).observe(header);
}

async function start(): Promise<void> {
  trackHeaderHeight();
  try {
    const page = await get<Page<Machine>>('/machines', { limit: 500 });
    state.machines = page.items;
  } catch (error) {
    fill(byId('cards'), problemBox(error, 'the machines'));
    return;
  }
  if (!state.machines.length) {
    fill(byId('cards'), empty('No machines yet: create one with POST /machines and ingest its readings.'));
    return;
  }
  fill(
    machineSelect,
    ...[...state.machines]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => h('option', { value: m.id }, m.name)),
  );
  const params = new URLSearchParams(location.search);
  const wanted = params.get('machine');
  if (wanted && state.machines.some((m) => m.id === wanted)) machineSelect.value = wanted;
  const type = params.get('model_type');
  if (type && [...modelTypeSelect.options].some((o) => o.value === type)) modelTypeSelect.value = type;
  machineSelect.addEventListener('change', () => void select());
  modelTypeSelect.addEventListener('change', () => void select());
  await select();
  void loadFleet();
}

void start();
