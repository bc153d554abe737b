/** Small DOM helpers: element builder, formatting, toasts and a keyboard-operable modal dialog. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

export function fill(container: HTMLElement, ...children: (Child | Child[])[]): void {
  container.replaceChildren();
  for (const child of children.flat())
    if (child !== null && child !== undefined && child !== false)
      container.append(child instanceof Node ? child : String(child));
}

export function empty(message: string): HTMLElement {
  return h('p', { class: 'empty' }, message);
}

export const num = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : Math.abs(value) >= 1000
      ? Math.round(value).toLocaleString('en-GB')
      : value.toFixed(digits);

export const pct = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(digits)} %`;

export const pValue = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : value < 1e-4 ? value.toExponential(1) : value.toFixed(4);

/**
 * The machine's IANA timezone: every date on the page is shown in it (the plant's wall clock, not
 * the browser's), in the browser's locale. Undefined until a machine is loaded.
 */
let timeZone: string | undefined;
export function setTimeZone(zone: string | undefined): void {
  timeZone = zone;
}
export const machineTimeZone = (): string | undefined => timeZone;

/**
 * A date/time format of the page: the browser's locale, the machine's timezone (UTC for calendar
 * labels such as a month, which name no instant). Every date the page prints goes through here.
 */
export const dateFormat = (options: Intl.DateTimeFormatOptions, zone = timeZone): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });

/** Date and time in the machine's timezone, e.g. "1 Dec 2015, 15:00" in en-GB. */
export const when = (iso: string | null | undefined): string =>
  iso ? dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';

/** The calendar day of an instant in the machine's timezone (or `zone`), e.g. "31 Dec 2015" in en-GB. */
export const day = (iso: string | null | undefined, zone = timeZone): string =>
  iso ? dateFormat({ dateStyle: 'medium' }, zone).format(new Date(iso)) : '–';

/**
 * A half-open window [start, end) as the days it covers, the end inclusive: an evaluation of
 * 2015-01-01T00:00Z to 2015-02-01T00:00Z in UTC is "1 Jan 2015 → 31 Jan 2015".
 */
export const period = (start: string | null | undefined, end: string | null | undefined): string =>
  `${day(start)} → ${end ? day(new Date(Date.parse(end) - 1).toISOString()) : '–'}`;

/** A calendar month "YYYY-MM" in the browser's locale, e.g. "Jan 2015". */
export const month = (yearMonth: string): string =>
  dateFormat({ month: 'short', year: 'numeric' }, 'UTC').format(new Date(`${yearMonth}-01T00:00:00Z`));

/** An overview card: a titled box with a big figure and a hint (data-card names it for tests). */
export function card(title: string, id: string, ...body: (Node | string | null)[]): HTMLElement {
  return h('article', { class: 'card', 'data-card': id }, h('h3', {}, title), ...body);
}

export function badge(text: string, tone: 'ok' | 'bad' | 'warn' | 'info' | 'muted'): HTMLElement {
  return h('span', { class: `badge ${tone}` }, text);
}

export function toast(message: string, tone: 'ok' | 'bad' | 'info' = 'info'): void {
  const container = byId('toasts');
  const item = h(
    'div',
    { class: `toast ${tone}`, role: tone === 'bad' ? 'alert' : undefined },
    h('span', {}, message),
    h(
      'button',
      { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove() },
      '×',
    ),
  );
  container.append(item);
  // Keep the newest four on screen.
  while (container.children.length > 4) container.firstElementChild?.remove();
  setTimeout(() => item.remove(), tone === 'bad' ? 15_000 : 8_000);
}

export interface DialogOptions {
  title: string;
  body: (Node | string)[];
  ok: string;
  danger?: boolean;
}

/**
 * A modal <dialog> (focus moves in, Escape cancels, focus returns to the opener). Resolves with the
 * dialog's form data on OK, or null on cancel.
 */
export function ask(options: DialogOptions): Promise<FormData | null> {
  const dialog = byId<HTMLDialogElement>('dialog');
  const form = byId<HTMLFormElement>('dialog-form');
  const okButton = byId<HTMLButtonElement>('dialog-ok');
  const cancelButton = byId<HTMLButtonElement>('dialog-cancel');
  const opener = document.activeElement as HTMLElement | null;
  byId('dialog-title').textContent = options.title;
  fill(byId('dialog-body'), ...options.body);
  okButton.textContent = options.ok;
  okButton.classList.toggle('danger', Boolean(options.danger));
  return new Promise((resolve) => {
    const finish = (result: FormData | null) => {
      form.removeEventListener('submit', onSubmit);
      cancelButton.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      opener?.focus();
      resolve(result);
    };
    const onSubmit = (event: Event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      finish(new FormData(form));
    };
    const onCancel = (event: Event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener('submit', onSubmit);
    cancelButton.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    const first = byId('dialog-body').querySelector<HTMLElement>('input, select, textarea');
    (first ?? okButton).focus();
  });
}

/** Disables the button and shows a spinner while the promise runs. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  const label = button.innerHTML;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.prepend(h('span', { class: 'spinner', 'aria-hidden': 'true' }));
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.innerHTML = label;
  }
}

export function table(headers: string[], rows: Node[], caption?: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, ...rows),
    ),
  );
}
