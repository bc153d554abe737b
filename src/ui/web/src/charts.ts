/** uPlot charts of the page: responsive, with the Guideline 14 limit and version changes drawn. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h, machineTimeZone } from './dom';

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
  const [xAxis, ...otherAxes] = options.axes ?? [];
  // The label is drawn on the canvas; data-axis-label says what it is.
  const timeLabel = zone ? `Time (${zone})` : 'Time (UTC)';
  figure.dataset.axisLabel = timeLabel;
  const chart = new uPlot(
    {
      ...options,
      axes: [{ ...xAxis, label: timeLabel }, ...otherAxes],
      // uPlot labels a time axis in the browser's zone by default; the plant's clock is the machine's.
      ...(zone ? { tzDate: (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), zone) } : {}),
      plugins: [...(options.plugins ?? []), anomalyMarks(figure)],
      width: widthOf(figure),
      height: 240,
    },
    data,
    plot,
  );
  charts.set(figure, chart);
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

/** Vertical dashed lines labelled "vN" at the x positions where the model version changes. */
function versionMarks(marks: { x: number; label: string }[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = '#7a5af8';
        ctx.fillStyle = '#5b3fd1';
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
        for (const mark of marks) {
          const x = Math.round(u.valToPos(mark.x, 'x', true));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.fillText(mark.label, x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
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
  size: 60,
});

export interface SeriesPoint {
  x: number;
  /** null: an evaluation that names no version (the predecessor's rows). */
  version: number | null;
  value: number | null;
}

export function versionChanges(points: SeriesPoint[]): { x: number; label: string }[] {
  const marks: { x: number; label: string }[] = [];
  points.forEach((point, index) => {
    if (index > 0 && point.version !== null && point.version !== points[index - 1].version)
      marks.push({ x: point.x, label: `v${point.version}` });
  });
  return marks;
}

export function metricChart(
  figure: HTMLElement,
  points: SeriesPoint[],
  metric: { label: string; unit: string; color: string },
  limit: number | null,
  caption: string,
): void {
  const xs = points.map((p) => p.x);
  const series: uPlot.Series[] = [
    {},
    {
      label: metric.label,
      stroke: metric.color,
      width: 2,
      points: { show: true, size: 7, fill: metric.color },
      value: (_u, v) => (v === null ? '–' : `${v.toFixed(2)}${metric.unit}`),
    },
  ];
  const data: (number | null)[][] = [xs, points.map((p) => p.value)];
  if (limit !== null) {
    series.push({
      label: 'Guideline 14 limit',
      stroke: '#d92d20',
      dash: [8, 6],
      width: 1.5,
      points: { show: false },
    });
    data.push(xs.map(() => limit));
  }
  mount(
    figure,
    caption,
    {
      series,
      axes: [dateAxis, valueAxis(`${metric.label}${metric.unit ? ` (${metric.unit.trim()})` : ''}`)],
      scales: { x: { time: true, range: widenSinglePoint } },
      plugins: [versionMarks(versionChanges(points))],
      legend: { live: true },
    },
    data as uPlot.AlignedData,
  );
}

export function energyChart(
  energy: HTMLElement,
  cusumFigure: HTMLElement,
  rows: { x: number; expected: number | null; actual: number | null }[],
): void {
  const xs = rows.map((r) => r.x);
  let sum = 0;
  const cusum = rows.map((r) => {
    if (r.expected !== null && r.actual !== null) sum += r.actual - r.expected;
    return sum;
  });
  mount(
    energy,
    'Expected (model) and actual (metered) energy per interval, kWh',
    {
      series: [
        {},
        { label: 'Expected', stroke: '#1570ef', width: 1.5 },
        { label: 'Actual', stroke: '#f79009', width: 1.5 },
      ],
      axes: [dateAxis, valueAxis('kWh')],
      scales: { x: { time: true } },
    },
    [xs, rows.map((r) => r.expected), rows.map((r) => r.actual)] as uPlot.AlignedData,
  );
  mount(
    cusumFigure,
    'CUSUM of actual − expected, kWh: rising means more energy than the baseline predicts',
    {
      series: [{}, { label: 'CUSUM', stroke: '#079455', width: 2, fill: 'rgba(7,148,85,0.08)' }],
      axes: [dateAxis, valueAxis('kWh')],
      scales: { x: { time: true } },
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
