/**
 * Anomalies: the intervals the machine's active anomaly model flagged in the page's period, as markers on the energy chart and as a list where the energy manager marks each flag a
 * true or a false positive; cards with the anomaly rate of the window and the precision of the
 * verdicts given so far.
 */
import { get, post, type Query } from '../api';
import { markAnomalies } from '../charts';
import { badge, busy, byId, card, empty, fill, h, num, pct, table, toast, when } from '../dom';
import type { Anomaly, ModelVersion, Page, Predictions } from '../types';
import { message, onRangeChange, problemBox, rangeWindow, state } from '../state';

/** The list shows this many flags of the window, newest first; the cards count all of them. */
const LIST_LIMIT = 100;

type Verdict = NonNullable<Anomaly['feedback']>;

const VERDICT_LABEL: Record<Verdict, string> = {
  true_positive: 'true positive',
  false_positive: 'false positive',
};

interface Window {
  since?: string;
  until?: string;
}

/** The page's period (the window of the expected-vs-actual chart): the anomalies shown are the ones in view there. */
function windowInView(): Window {
  const { start, end } = rangeWindow();
  return { since: start, until: end };
}

export async function loadAnomalies(generation: number): Promise<void> {
  const box = byId('anomalies-list');
  const cards = byId('anomaly-cards');
  const machine = state.machine;
  if (!machine) return;
  markAnomalies(byId('chart-energy'), []);
  let model: ModelVersion | undefined;
  try {
    const versions = await get<Page<ModelVersion>>('/models', {
      machine_id: machine.id,
      model_type: 'anomaly',
      limit: 100,
    });
    model = versions.items.find((v) => v.status === 'active');
  } catch (error) {
    if (generation !== state.generation) return;
    fill(cards);
    fill(box, problemBox(error, 'the anomaly models'));
    return;
  }
  if (generation !== state.generation) return;
  if (!model) {
    fill(cards);
    fill(
      box,
      empty(
        'No active anomaly model for this machine: choose Model type "Anomaly detection" and press "Retrain…"; its flags then appear here and on the energy chart.',
      ),
    );
    return;
  }
  const window = windowInView();
  try {
    const [flags, intervals] = await Promise.all([
      flagsOf(model, window, { limit: 500 }),
      scoredIntervals(machine.id, window),
    ]);
    if (generation !== state.generation) return;
    markAnomalies(
      byId('chart-energy'),
      flags.items.map((a) => Date.parse(a.time) / 1000),
    );
    renderList(model, flags);
    renderRate(flags.total, intervals);
    await renderPrecision(model, window);
  } catch (error) {
    if (generation !== state.generation) return;
    fill(box, problemBox(error, 'the anomalies'));
  }
}

/** Intervals of the window the anomaly model scored (metered ones): the anomaly rate's denominator. */
async function scoredIntervals(machineId: string, window: Window): Promise<number> {
  const result = await get<Predictions>('/predictions', {
    machine_id: machineId,
    model_type: 'anomaly',
    start: window.since,
    end: window.until,
  });
  return result.predictions.filter((p) => p.actual_kwh !== null).length;
}

function renderRate(flagged: number, intervals: number): void {
  const rate = intervals > 0 ? (100 * flagged) / intervals : null;
  showCard(
    'prepend',
    card(
      'Anomaly rate',
      'anomaly-rate',
      h('p', { class: 'big' }, pct(rate, 2)),
      h('p', { class: 'hint' }, `${flagged} flagged of ${intervals} intervals in the window`),
    ),
  );
}

/** Puts a card in place of the one with its data-card (the rate first, the precision after it). */
function showCard(where: 'prepend' | 'append', element: HTMLElement): void {
  const cards = byId('anomaly-cards');
  cards.querySelector(`[data-card=${element.dataset.card}]`)?.remove();
  cards[where](element);
}

/** One page of the model's flags in the window, filtered further by `extra`. */
const flagsOf = (model: ModelVersion, window: Window, extra: Query) =>
  get<Page<Anomaly>>('/anomalies', { machine_id: model.machine_id, model_id: model.id, ...window, ...extra });

/** Precision from the verdicts given on the window's flags: TP / (TP + FP), with how many were judged. */
async function renderPrecision(model: ModelVersion, window: Window): Promise<void> {
  const count = async (verdict: Verdict) =>
    (await flagsOf(model, window, { feedback: verdict, limit: 1 })).total;
  const [tp, fp] = await Promise.all([count('true_positive'), count('false_positive')]);
  const judged = tp + fp;
  showCard(
    'append',
    card(
      'Precision',
      'anomaly-precision',
      judged
        ? h('p', { class: 'big' }, pct((100 * tp) / judged, 0))
        : h('p', { class: 'empty' }, 'No verdicts yet: mark flags below as true or false positives.'),
      h('p', { class: 'hint' }, `${tp} true, ${fp} false positives (n = ${judged})`),
    ),
  );
}

function renderList(model: ModelVersion, flags: Page<Anomaly>): void {
  const box = byId('anomalies-list');
  if (!flags.items.length) {
    fill(
      box,
      empty(
        `v${model.version} flagged no interval in this window: run detection (POST /anomalies/detect) or pick another window.`,
      ),
    );
    return;
  }
  const shown = flags.items.slice(0, LIST_LIMIT);
  fill(
    box,
    h(
      'p',
      { class: 'hint' },
      `Anomaly model v${model.version}: ${flags.total} flagged interval${flags.total === 1 ? '' : 's'}${flags.total > shown.length ? `, the newest ${shown.length} listed` : ''}. Score: robust z of the interval (flagged above the model's limit).`,
    ),
    table(
      ['Time', 'Actual kWh', 'Expected kWh', 'Score', 'Verdict', ''],
      shown.map((anomaly) => row(model, anomaly)),
      'Flagged intervals',
    ),
  );
}

function row(model: ModelVersion, anomaly: Anomaly): HTMLTableRowElement {
  const verdictCell = h('td', { class: 'verdict-cell' });
  const showVerdict = (a: Anomaly) => {
    tr.dataset.verdict = a.feedback ?? 'none';
    fill(
      verdictCell,
      a.feedback ? badge(VERDICT_LABEL[a.feedback], a.feedback === 'true_positive' ? 'bad' : 'muted') : '–',
      a.feedback_by ? h('span', { class: 'hint' }, ` by ${a.feedback_by}`) : null,
    );
  };
  const button = (verdict: Verdict) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: (event: Event) => void give(event.currentTarget as HTMLButtonElement, verdict),
      },
      verdict === 'true_positive' ? 'True positive' : 'False positive',
    );
  const give = async (target: HTMLButtonElement, verdict: Verdict) => {
    try {
      const updated = await busy(target, () =>
        post<Anomaly>(`/anomalies/${anomaly.id}/feedback`, {}, { verdict }),
      );
      showVerdict(updated);
      await renderPrecision(model, windowInView());
    } catch (error) {
      toast(`Could not save the verdict: ${message(error)}`, 'bad');
    }
  };
  const tr = h(
    'tr',
    { 'data-anomaly-id': anomaly.id },
    h('td', {}, when(anomaly.time)),
    h('td', { class: 'num' }, num(anomaly.energy_kwh, 1)),
    h('td', { class: 'num' }, num(anomaly.expected_kwh, 1)),
    h('td', { class: 'num' }, num(anomaly.score, 2)),
    verdictCell,
    h('td', { class: 'actions' }, button('true_positive'), ' ', button('false_positive')),
  );
  showVerdict(anomaly);
  return tr;
}

onRangeChange(loadAnomalies);
