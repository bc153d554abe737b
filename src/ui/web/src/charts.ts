/** uPlot charts of the page: responsive, with the Guideline 14 limit and version changes drawn. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dateFormat, h, machineTimeZone, when } from './dom';

const charts = new Map<HTMLElement, uPlot>();

function widthOf(element: HTMLElement): number {
  return Math.max(280, Math.floor(element.clientWidth || element.parentElement?.clientWidth || 600) - 4);
}

window.addEventListener('resize', () => {
  for (const [element, chart] of charts) chart.setSize({ width: widthOf(element), height: chart.height });
});

/**
 * Draws a chart into its figure, replacing what was there: every chart gets the machine's
 * timezone on its time axis, the flagged-anomaly markers set for its figure, and a PNG download.
 */
function mount(
  figure: HTMLElement,
  caption: string,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
): void {
  charts.get(figure)?.destroy();
  charts.delete(figure);
  figure.replaceChildren();
  const points = data[0].length;
  figure.dataset.points = String(points);
  const plot = h('div', { class: 'plot' });
  const zone = machineTimeZone();
  const download = h(
    'button',
    {
      type: 'button',
      class: 'small chart-png',
      'aria-label': `Download the chart as PNG: ${caption}`,
      onclick: () => downloadPng(figure),
    },
    'PNG',
  );
  figure.append(plot, h('figcaption', {}, caption, ' ', download));
  const [xSeries, ...otherSeries] = options.series;
  const [xAxis, ...otherAxes] = options.axes ?? [];
  // The label is drawn on the canvas; data-axis-label says what it is.
  const timeLabel = zone ? `Time (${zone})` : 'Time (UTC)';
  figure.dataset.axisLabel = timeLabel;
  const chart = new uPlot(
    {
      ...options,
      series: [
        {
          value: (_u, seconds) => (seconds === null ? '–' : when(new Date(seconds * 1000).toISOString())),
          ...xSeries,
        },
        ...otherSeries,
      ],
      axes: [{ values: timeTicks, ...xAxis, label: timeLabel }, ...otherAxes],
      // uPlot labels a time axis in the browser's zone by default; the plant's clock is the machine's.
      ...(zone ? { tzDate: (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), zone) } : {}),
      plugins: [...(options.plugins ?? []), anomalyMarks(figure), axisRoom(figure)],
      // Room on the right for the last time label ("Dec 2015"), centred on its tick.
      padding: [null, 28, null, null],
      width: widthOf(figure),
      height: 240,
    },
    data,
    plot,
  );
  charts.set(figure, chart);
}

/**
 * Time axis labels in the browser's locale and the machine's timezone (uPlot's own are English
 * templates): months when the ticks are a month or more apart, days when a day or more, else
 * times, with the day named at each midnight.
 */
const timeTicks: uPlot.Axis.DynamicValues = (_u, splits, _axis, _space, increment) => {
  const month = dateFormat({ month: 'short', year: 'numeric' });
  const dayOf = dateFormat({ day: 'numeric', month: 'short' });
  const time = dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return splits.map((seconds) => {
    const date = new Date(seconds * 1000);
    if (increment >= 28 * 86_400) return month.format(date);
    if (increment >= 86_400) return dayOf.format(date);
    const clock = time.format(date);
    return clock === '00:00' ? dayOf.format(date) : clock;
  });
};

/** The widest of an axis's tick labels in CSS pixels, in the font uPlot draws them with. */
function widestTick(u: uPlot, axisIndex: number, values: string[] | null | undefined): number {
  const font = (u.axes[axisIndex].font as unknown as [string] | undefined)?.[0];
  if (font) u.ctx.font = font;
  return Math.max(0, ...(values ?? []).map((text) => u.ctx.measureText(text).width / devicePixelRatio));
}

/** Pixels of a value axis between its tick labels and the plot: the tick and the gap. */
const TICK_AND_GAP = 10 + 5;

/**
 * The width of a value axis: its widest tick label plus the tick and the gap, so that the unit
 * label beside it (drawn outside that width) never overlaps the numbers, whatever their size.
 */
const valueAxisSize: uPlot.Axis.Size = (u, values, axisIndex) =>
  Math.ceil(widestTick(u, axisIndex, values) + TICK_AND_GAP + 4);

/**
 * What the axes show, for tests and tools reading the figure (the canvas has no text):
 * data-x-ticks the time axis labels ("|"-separated), data-y-label-room the pixels between the
 * value axis's unit label and its widest tick label as drawn (negative when they overlap).
 */
function axisRoom(figure: HTMLElement): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const [time, value] = u.axes as (uPlot.Axis & { _size?: number; _values?: string[] })[];
        figure.dataset.xTicks = (time?._values ?? []).join('|');
        const axis = value;
        if (!axis?._size) return;
        figure.dataset.yLabelRoom = String(
          Math.floor(axis._size - TICK_AND_GAP - widestTick(u, 1, axis._values)),
        );
      },
    },
  };
}

/** The chart as a PNG on a white background (the canvas itself is transparent), saved as a file. */
function downloadPng(figure: HTMLElement): void {
  const chart = charts.get(figure);
  if (!chart) return;
  const source = chart.ctx.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  canvas.toBlob((blob) => {
    if (!blob) return;
    const href = URL.createObjectURL(blob);
    const link = h('a', { href, download: `${figure.id}.png` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }, 'image/png');
}

/**
 * The start of the chart interval that holds time t: the last x at or before t, when t falls
 * before the next x (or within one step of the last one); null outside the data.
 */
function intervalOf(xs: ArrayLike<number>, t: number): number | null {
  let low = 0;
  let high = xs.length - 1;
  if (high < 0 || t < xs[0]) return null;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (xs[middle] <= t) low = middle;
    else high = middle - 1;
  }
  const step = xs.length > 1 ? xs[1] - xs[0] : 0;
  const next = low + 1 < xs.length ? xs[low + 1] : xs[low] + step;
  return t < next || t === xs[low] ? xs[low] : null;
}

/** Flagged intervals (unix seconds) to mark on a figure's chart, kept across re-draws of the chart. */
const marks = new Map<HTMLElement, number[]>();

export function markAnomalies(figure: HTMLElement, times: number[]): void {
  marks.set(figure, times);
  charts.get(figure)?.redraw(false, false);
}

/**
 * Red ticks along the bottom of the plot at each flagged interval, drawn on the chart's interval
 * that holds it (the anomaly model's interval can be shorter than the chart's: an hour flagged in
 * a chart of days is marked on its day). data-anomalies counts the ticks drawn, data-x-range the
 * x range drawn.
 */
function anomalyMarks(figure: HTMLElement): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { min, max } = u.scales.x;
        figure.dataset.xRange = `${min}..${max}`;
        const times = (marks.get(figure) ?? [])
          .map((t) => intervalOf(u.data[0], t))
          .filter(
            (x): x is number => x !== null && min !== undefined && max !== undefined && x >= min && x <= max,
          );
        figure.dataset.anomalies = String(times.length);
        if (!times.length) return;
        const { ctx } = u;
        const { top, height } = u.bbox;
        const size = 6 * devicePixelRatio;
        ctx.save();
        ctx.fillStyle = '#d92d20';
        ctx.strokeStyle = 'rgba(217,45,32,0.25)';
        ctx.lineWidth = devicePixelRatio;
        for (const t of times) {
          const x = Math.round(u.valToPos(t, 'x', true));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.beginPath();
          ctx.moveTo(x, top + height - size);
          ctx.lineTo(x - size / 2, top + height);
          ctx.lineTo(x + size / 2, top + height);
          ctx.closePath();
          ctx.fill();
        }
        ctx.restore();
      },
    },
  };
}

export function clear(figure: HTMLElement, message: string): void {
  charts.get(figure)?.destroy();
  charts.delete(figure);
  figure.dataset.points = '0';
  figure.replaceChildren(h('p', { class: 'empty' }, message));
}

/**
 * The x range of a trend: uPlot spans a single time point with 86 400 / ms units (1000 days in
 * seconds), the point at its left edge; one point gets a day either side instead.
 */
const widenSinglePoint: uPlot.Range.Function = (u, min, max) =>
  u.data[0].length === 1 ? [u.data[0][0] - 86_400, u.data[0][0] + 86_400] : [min, max];

const dateAxis: uPlot.Axis = { stroke: '#475467', grid: { stroke: '#eaecf0' } };
const valueAxis = (label: string): uPlot.Axis => ({
  label,
  stroke: '#475467',
  grid: { stroke: '#eaecf0' },
  size: valueAxisSize,
});

export interface SeriesPoint {
  x: number;
  /** null: an evaluation that names no version (the predecessor's rows). */
  version: number | null;
  value: number | null;
}

/** A Guideline 14 limit line: its value and what it is the limit of (e.g. "daily"). */
export interface Limit {
  value: number;
  label: string;
}

/** Distinct colours for the version lines, cycled when there are more versions. */
const VERSION_COLOURS = ['#1570ef', '#7a5af8', '#079455', '#f79009', '#dd2590', '#0e9384'];

/**
 * A metric over time with one line per model version (legend "v1", "v2"…, so labels never
 * overlap on the plot), the points of each version joined only to that version's other points
 * (spanGaps over the x of other versions), and each Guideline 14 limit as a dashed red line.
 * Points must be one per version and x (the caller keeps the newest of evaluations with the same
 * end); one point is drawn as a dot in a two-day range.
 */
export function metricChart(
  figure: HTMLElement,
  points: SeriesPoint[],
  metric: { label: string; unit: string },
  limits: Limit[],
  caption: string,
): void {
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const column = new Map(xs.map((x, i) => [x, i]));
  // Evaluations that name no version (the predecessor's rows) are one line of their own, first.
  const versions = [...new Set(points.map((p) => p.version))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const series: uPlot.Series[] = [{}];
  const data: (number | null)[][] = [xs];
  versions.forEach((version, index) => {
    const colour = VERSION_COLOURS[index % VERSION_COLOURS.length];
    const values: (number | null)[] = xs.map(() => null);
    for (const p of points) if (p.version === version) values[column.get(p.x)!] = p.value;
    series.push({
      label: version === null ? 'no version' : `v${version}`,
      stroke: colour,
      width: 2,
      spanGaps: true,
      points: { show: true, size: 7, fill: colour },
      value: (_u, v) => (v === null ? '–' : `${v.toFixed(2)}${metric.unit}`),
    });
    data.push(values);
  });
  for (const limit of limits) {
    series.push({
      label: `Guideline 14 limit${limits.length > 1 ? ` (${limit.label})` : ''}`,
      stroke: '#d92d20',
      dash: [8, 6],
      width: 1.5,
      points: { show: false },
    });
    data.push(xs.map(() => limit.value));
  }
  figure.dataset.versions = versions.map((v) => `v${v}`).join(' ');
  mount(
    figure,
    caption,
    {
      series,
      axes: [dateAxis, valueAxis(`${metric.label}${metric.unit ? ` (${metric.unit.trim()})` : ''}`)],
      scales: { x: { time: true, range: widenSinglePoint } },
      legend: { live: true },
    },
    data as uPlot.AlignedData,
  );
}

/** One point of the expected-vs-actual chart; lower/upper: the forecast's prediction interval, when it has one. */
export interface EnergyRow {
  x: number;
  expected: number | null;
  actual: number | null;
  lower?: number | null;
  upper?: number | null;
}

export function energyChart(
  energy: HTMLElement,
  cusumFigure: HTMLElement,
  rows: EnergyRow[],
  per: string,
  interval: string | null,
): void {
  const xs = rows.map((r) => r.x);
  let sum = 0;
  const cusum = rows.map((r) => {
    if (r.expected !== null && r.actual !== null) sum += r.actual - r.expected;
    return sum;
  });
  const series: uPlot.Series[] = [
    {},
    { label: 'Expected', stroke: '#1570ef', width: 1.5 },
    { label: 'Actual', stroke: '#f79009', width: 1.5 },
  ];
  const data: (number | null)[][] = [xs, rows.map((r) => r.expected), rows.map((r) => r.actual)];
  const banded = interval !== null && rows.some((r) => r.lower != null && r.upper != null);
  if (banded) {
    const edge = { stroke: 'rgba(21,112,239,0.35)', width: 1, points: { show: false } };
    series.push({ ...edge, label: `Upper ${interval}` }, { ...edge, label: `Lower ${interval}` });
    data.push(
      rows.map((r) => r.upper ?? null),
      rows.map((r) => r.lower ?? null),
    );
  }
  energy.dataset.band = String(banded);
  mount(
    energy,
    `Expected (model) and actual (metered) energy per ${per}, kWh${banded ? `; shaded: the forecast's ${interval} prediction interval` : ''}`,
    {
      series,
      bands: banded ? [{ series: [3, 4], fill: 'rgba(21,112,239,0.12)' }] : undefined,
      axes: [dateAxis, valueAxis('kWh')],
      scales: { x: { time: true, range: widenSinglePoint } },
    },
    data as uPlot.AlignedData,
  );
  mount(
    cusumFigure,
    'CUSUM of actual − expected, kWh: rising means more energy than the baseline predicts',
    {
      series: [{}, { label: 'CUSUM', stroke: '#079455', width: 2, fill: 'rgba(7,148,85,0.08)' }],
      axes: [dateAxis, valueAxis('kWh')],
      scales: { x: { time: true, range: widenSinglePoint } },
    },
    [xs, cusum] as uPlot.AlignedData,
  );
}

/** Savings per month: the baseline's counterfactual against the metered energy; the gap is the avoided energy. */
export function savingsChart(
  figure: HTMLElement,
  months: { x: number; counterfactual: number; metered: number }[],
): void {
  const points = { show: true, size: 7 };
  mount(
    figure,
    'Counterfactual (baseline) and metered energy per month, kWh: metered below the counterfactual is energy avoided',
    {
      series: [
        {},
        { label: 'Counterfactual', stroke: '#1570ef', width: 2, points },
        { label: 'Metered', stroke: '#f79009', width: 2, points },
      ],
      axes: [dateAxis, valueAxis('kWh')],
      scales: { x: { time: true } },
    },
    [months.map((m) => m.x), months.map((m) => m.counterfactual), months.map((m) => m.metered)],
  );
}
