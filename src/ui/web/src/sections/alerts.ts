/** Alerts: the open ones with filters, acknowledge and resolve. */
import { get, post } from '../api';
import { ask, badge, byId, empty, fill, h, table, when } from '../dom';
import type { ActiveAlert, Alert, Page } from '../types';
import { renderOverview } from './overview';
import { act, field, problemBox, scope, state } from '../state';

export const alertFilters = byId<HTMLFormElement>('alert-filters');
alertFilters.addEventListener('change', () => void loadAlerts(state.generation));

export async function loadAlerts(generation: number): Promise<void> {
  const data = new FormData(alertFilters);
  const filter = field(data, 'state');
  const query = {
    ...scope(),
    severity: field(data, 'severity') || undefined,
    is_resolved: filter === 'resolved' ? true : filter === 'all' ? undefined : false,
    acknowledged: filter === 'acknowledged' ? true : filter === 'unacknowledged' ? false : undefined,
    limit: 100,
  };
  const box = byId('alerts-list');
  try {
    const [page, open] = await Promise.all([
      get<Page<Alert>>('/alerts', query),
      get<ActiveAlert[]>('/alerts/active', scope()),
    ]);
    if (generation !== state.generation) return;
    state.openAlerts = open;
    renderOverview();
    if (!page.items.length) {
      fill(
        box,
        empty(
          filter === 'open' || filter === 'unacknowledged'
            ? 'No open alerts: nothing needs attention.'
            : 'No alerts match these filters.',
        ),
      );
      return;
    }
    fill(
      box,
      table(
        ['Severity', 'Type', 'Message', 'Opened', 'Seen', 'State', ''],
        page.items.map((alert) => alertRow(alert)),
        'Alerts',
      ),
    );
  } catch (error) {
    if (generation !== state.generation) return;
    state.openAlerts = null;
    renderOverview();
    fill(box, problemBox(error, 'the alerts'));
  }
}

export function alertRow(alert: Alert): HTMLElement {
  const tone = alert.severity === 'critical' ? 'bad' : alert.severity === 'warning' ? 'warn' : 'info';
  const stateText = alert.is_resolved
    ? `resolved${alert.resolution_action ? ` (${alert.resolution_action.replace(/_/g, ' ')})` : ''}`
    : alert.acknowledged_at
      ? `acknowledged ${when(alert.acknowledged_at)}${alert.acknowledged_by ? ` by ${alert.acknowledged_by}` : ''}`
      : 'open';
  const action = (label: string, run: (b: HTMLButtonElement) => Promise<void>) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement),
        'aria-label': `${label} alert: ${alert.alert_message}`,
      },
      label,
    );
  return h(
    'tr',
    { 'data-alert-id': alert.id },
    h('td', {}, badge(alert.severity, tone)),
    h('td', {}, alert.alert_type.replace(/_/g, ' ')),
    h('td', {}, alert.alert_message),
    h('td', {}, when(alert.alert_timestamp)),
    h('td', { class: 'num' }, `${alert.occurrences}×`),
    h('td', { class: 'alert-state' }, stateText),
    h(
      'td',
      { class: 'actions' },
      !alert.is_resolved && !alert.acknowledged_at
        ? action('Acknowledge', (b) => alertAction(alert, b, 'acknowledge'))
        : null,
      !alert.is_resolved ? action('Resolve', (b) => alertAction(alert, b, 'resolve')) : null,
    ),
  );
}

export const RESOLUTION_ACTIONS = ['retrained', 'recalibrated', 'false_alarm', 'accepted', 'other'];

/** Acknowledge (name and notes optional) or resolve (what was done, notes, name) an alert. */
export async function alertAction(
  alert: Alert,
  button: HTMLButtonElement,
  kind: 'acknowledge' | 'resolve',
): Promise<void> {
  const resolving = kind === 'resolve';
  const actionSelect = h(
    'label',
    {},
    'What was done ',
    h(
      'select',
      { name: 'action', required: true },
      ...RESOLUTION_ACTIONS.map((value) => h('option', { value }, value.replace('_', ' '))),
    ),
  );
  const data = await ask({
    title: `${resolving ? 'Resolve' : 'Acknowledge'} this alert`,
    body: [
      h('p', {}, alert.alert_message),
      ...(resolving ? [actionSelect] : []),
      h(
        'label',
        {},
        'Your name (optional) ',
        h('input', { name: 'by', maxlength: 200, autocomplete: 'name' }),
      ),
      h('label', {}, 'Notes (optional) ', h('textarea', { name: 'notes', maxlength: 2000, rows: 3 })),
    ],
    ok: resolving ? 'Resolve' : 'Acknowledge',
  });
  if (!data) return;
  const by = field(data, 'by').trim() || undefined;
  const notes = field(data, 'notes').trim() || undefined;
  const body = resolving
    ? { resolution_action: field(data, 'action'), resolution_notes: notes, resolved_by: by }
    : { acknowledged_by: by, notes };
  await act(button, () => post(`/alerts/${alert.id}/${kind}`, {}, body), {
    done: `Alert ${resolving ? 'resolved' : 'acknowledged'}`,
    failed: `Could not ${kind}`,
    then: () => loadAlerts(state.generation),
  });
}
