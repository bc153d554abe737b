/** uPlot charts of the page: responsive, with the Guideline 14 limit and version changes drawn. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';

const charts = new Map<HTMLElement, uPlot>();

function widthOf(element: HTMLElement): number {
  return Math.max(280, Math.floor(element.clientWidth || element.parentElement?.clientWidth || 600) - 4);
}

window.addEventListener('resize', () => {
  for (const [element, chart] of charts) chart.setSize({ width: widthOf(element), height: chart.height });
});

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
  figure.append(plot, h('figcaption', {}, caption));
  const chart = new uPlot({ ...options, width: widthOf(figure), height: 240 }, data, plot);
  charts.set(figure, chart);
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

const dateAxis: uPlot.Axis = { stroke: '#475467', grid: { stroke: '#eaecf0' } };
const valueAxis = (label: string): uPlot.Axis => ({
  label,
  stroke: '#475467',
  grid: { stroke: '#eaecf0' },
  size: 60,
});

export interface SeriesPoint {
  x: number;
  version: number;
  value: number | null;
}

export function versionChanges(points: SeriesPoint[]): { x: number; label: string }[] {
  const marks: { x: number; label: string }[] = [];
  points.forEach((point, index) => {
    if (index > 0 && point.version !== points[index - 1].version)
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
      scales: { x: { time: true } },
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
