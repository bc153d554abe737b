/**
 * The savings report as a PDF (pdfkit, its standard Helvetica, vector charts): what the JSON
 * answer says, rounded for reading (kWh and cost to whole units, shares to 0.01 %), with the
 * method and its uncertainty stated, as an ISO 50001 energy manager files it.
 */
import PDFDocument from 'pdfkit';
import { localPeriod, reportCurrency, type SavingsReport, type SavingsReportCost } from './savings-report';

const MARGIN = 50;
/** A4 in points. */
const PAGE_WIDTH = 595.28;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const COLOURS = { counterfactual: '#9aa5b1', metered: '#1f6fb2', avoided: '#2e7d32', band: '#c8e6c9' };

/** Whole units with thousands separators ("1,220,030"); the PDF's rounding of kWh and cost. */
export const formatAmount = (value: number): string =>
  Math.round(value).toLocaleString('en-US', { maximumFractionDigits: 0 });

/** A share in % to two decimals ("9.83 %"), or a dash when there is none. */
export const formatPercent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : `${value.toFixed(2)} %`;

const optionalAmount = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : formatAmount(value);

export function renderSavingsPdf(report: SavingsReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Savings report: ${report.machine_name}`, Subject: 'Measurement and verification' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, report);
  totals(doc, report);
  uncertainty(doc, report);
  monthlyBars(doc, report, doc.y + 12);
  cumulativeAvoided(doc, report, doc.y + 12);
  doc.addPage();
  monthlyTable(doc, report);
  methods(doc, report);
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, report: SavingsReport): void {
  doc.font('Helvetica-Bold').fontSize(18).text('Savings report (measurement and verification)');
  doc.moveDown(0.4).font('Helvetica').fontSize(10);
  const baseline = report.uncertainty.baseline_period;
  const lines: [string, string][] = [
    ['Machine', `${report.machine_name} (timezone ${report.timezone})`],
    ['Energy', report.energy_type ?? '-'],
    ['Baseline', `version ${report.model_version}: ${report.method}`],
    [
      'Baseline period',
      baseline?.start && baseline.end
        ? localPeriod({ start: baseline.start, end: baseline.end }, report.timezone)
        : '-',
    ],
    ['Reporting period', localPeriod(report.reporting_period, report.timezone)],
  ];
  for (const [label, value] of lines) labelled(doc, label, value);
}

function labelled(doc: PDFKit.PDFDocument, label: string, value: string): void {
  const y = doc.y;
  doc.font('Helvetica-Bold').text(label, MARGIN, y, { width: 110 });
  doc.font('Helvetica').text(value, MARGIN + 115, y, { width: CONTENT_WIDTH - 115 });
  doc.x = MARGIN;
}

function totals(doc: PDFKit.PDFDocument, report: SavingsReport): void {
  const currency = reportCurrency(report);
  const rows: string[][] = [
    ['', 'Energy (kWh)', ...(currency ? [`Cost (${currency})`] : [])],
    [
      'Counterfactual (baseline prediction)',
      formatAmount(report.totals.counterfactual_kwh),
      ...(currency ? [optionalAmount(report.totals.counterfactual_cost)] : []),
    ],
    [
      'Metered',
      formatAmount(report.totals.metered_kwh),
      ...(currency ? [optionalAmount(report.totals.metered_cost)] : []),
    ],
    [
      'Avoided (counterfactual - metered)',
      formatAmount(report.totals.avoided_kwh),
      ...(currency ? [optionalAmount(report.totals.avoided_cost)] : []),
    ],
    [
      'Avoided share of the counterfactual',
      formatPercent(report.totals.avoided_pct),
      ...(currency ? [''] : []),
    ],
    ['Intervals with both values', String(report.totals.intervals), ...(currency ? [''] : [])],
  ];
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text('Totals', MARGIN);
  doc.moveDown(0.3);
  table(doc, rows, [230, 120, 120]);
  if (report.cost) doc.font('Helvetica').fontSize(8).text(costNote(report.cost), MARGIN);
}

function uncertainty(doc: PDFKit.PDFDocument, report: SavingsReport): void {
  const u = report.uncertainty;
  const confidence = `${(100 * u.confidence_level).toFixed(1).replace(/\.0$/, '')} %`;
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text('Uncertainty', MARGIN);
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  if (u.fsu_band_kwh === null) {
    doc.text(
      `No fractional savings uncertainty band at ${confidence} confidence: ${u.reason ?? 'none given'}.`,
    );
    return;
  }
  doc.text(
    `Fractional savings uncertainty at ${confidence} confidence: ± ${formatAmount(u.fsu_band_kwh)} kWh ` +
      `(${formatPercent(u.fsu_pct_of_savings)} of the avoided energy)` +
      (u.savings_low_kwh !== undefined && u.savings_high_kwh !== undefined
        ? `; avoided energy between ${formatAmount(u.savings_low_kwh)} and ${formatAmount(u.savings_high_kwh)} kWh.`
        : '.'),
  );
}

/** Rows of text in columns; the first column left-aligned, the others right-aligned; row 0 bold. */
function table(doc: PDFKit.PDFDocument, rows: string[][], widths: number[]): void {
  doc.fontSize(9);
  for (const [index, row] of rows.entries()) {
    const y = doc.y;
    let x = MARGIN;
    doc.font(index === 0 ? 'Helvetica-Bold' : 'Helvetica');
    for (const [column, cell] of row.entries()) {
      doc.text(cell, x, y, {
        width: widths[column] - 6,
        align: column === 0 ? 'left' : 'right',
        lineBreak: false,
      });
      x += widths[column];
    }
    doc.x = MARGIN;
    doc.y = y + 13;
  }
}

interface Plot {
  x: number;
  y: number;
  width: number;
  height: number;
  min: number;
  max: number;
}

/** A value axis from min to max (0 included) with about five round ticks, and its frame. */
function plotArea(doc: PDFKit.PDFDocument, title: string, top: number, values: number[]): Plot {
  const height = 150;
  const { min, max, step } = roundTicks(Math.min(0, ...values), Math.max(0, ...values));
  const plot = { x: MARGIN + 55, y: top + 18, width: CONTENT_WIDTH - 60, height, min, max };
  doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text(title, MARGIN, top);
  doc.font('Helvetica').fontSize(7);
  for (let tick = min; tick <= max + step / 2; tick += step) {
    const y = yOf(plot, tick);
    doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .lineWidth(0.3)
      .strokeColor('#dddddd')
      .stroke();
    doc
      .fillColor('black')
      .text(formatAmount(tick), MARGIN, y - 3, { width: 50, align: 'right', lineBreak: false });
  }
  doc
    .moveTo(plot.x, yOf(plot, 0))
    .lineTo(plot.x + plot.width, yOf(plot, 0))
    .lineWidth(0.6)
    .strokeColor('#555555')
    .stroke();
  return plot;
}

const yOf = (plot: Plot, value: number) =>
  plot.y + plot.height - ((value - plot.min) / (plot.max - plot.min || 1)) * plot.height;

/** Round axis limits and step (1, 2 or 5 times a power of ten) covering [low, high]. */
export function roundTicks(low: number, high: number): { min: number; max: number; step: number } {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step, step };
}

function monthLabels(doc: PDFKit.PDFDocument, plot: Plot, months: string[]): void {
  const slot = plot.width / Math.max(months.length, 1);
  doc.font('Helvetica').fontSize(7).fillColor('black');
  for (const [index, month] of months.entries())
    doc.text(month, plot.x + index * slot, plot.y + plot.height + 4, {
      width: slot,
      align: 'center',
      lineBreak: false,
    });
}

function legend(doc: PDFKit.PDFDocument, plot: Plot, entries: [string, string][]): void {
  let x = plot.x;
  const y = plot.y + plot.height + 16;
  for (const [colour, label] of entries) {
    doc.rect(x, y, 8, 8).fill(colour);
    doc
      .fillColor('black')
      .fontSize(7)
      .text(label, x + 11, y, { lineBreak: false });
    x += 24 + doc.widthOfString(label);
  }
  doc.x = MARGIN;
  doc.y = y + 14;
}

/** Counterfactual and metered energy of each month, side by side. */
function monthlyBars(doc: PDFKit.PDFDocument, report: SavingsReport, top: number): void {
  const months = report.monthly;
  const plot = plotArea(
    doc,
    'Monthly energy: counterfactual vs metered (kWh)',
    top,
    months.flatMap((m) => [m.counterfactual_kwh, m.metered_kwh]),
  );
  const slot = plot.width / Math.max(months.length, 1);
  const bar = slot * 0.35;
  for (const [index, month] of months.entries()) {
    const x = plot.x + index * slot + slot * 0.15;
    for (const [offset, value, colour] of [
      [0, month.counterfactual_kwh, COLOURS.counterfactual],
      [bar, month.metered_kwh, COLOURS.metered],
    ] as const) {
      const y0 = yOf(plot, 0);
      const y1 = yOf(plot, value);
      doc.rect(x + offset, Math.min(y0, y1), bar, Math.abs(y0 - y1)).fill(colour);
    }
  }
  monthLabels(
    doc,
    plot,
    months.map((m) => m.month),
  );
  legend(doc, plot, [
    [COLOURS.counterfactual, 'Counterfactual (baseline prediction)'],
    [COLOURS.metered, 'Metered'],
  ]);
}

/**
 * Avoided energy summed month by month; the FSU band belongs to the period's total, so it is
 * drawn at the last month only (eemeter defines no band for part of a period).
 */
function cumulativeAvoided(doc: PDFKit.PDFDocument, report: SavingsReport, top: number): void {
  const months = report.monthly;
  let sum = 0;
  const cumulative = months.map((month) => (sum += month.avoided_kwh));
  const band = report.uncertainty.fsu_band_kwh;
  const last = cumulative.at(-1) ?? 0;
  const plot = plotArea(doc, 'Cumulative avoided energy (kWh)', top, [
    ...cumulative,
    ...(band === null ? [] : [last - band, last + band]),
  ]);
  const slot = plot.width / Math.max(months.length, 1);
  const xOf = (index: number) => plot.x + (index + 0.5) * slot;
  if (band !== null && months.length > 0) {
    const x = xOf(months.length - 1);
    doc
      .rect(
        x - slot * 0.2,
        yOf(plot, last + band),
        slot * 0.4,
        yOf(plot, last - band) - yOf(plot, last + band),
      )
      .fill(COLOURS.band);
  }
  for (const [index, value] of cumulative.entries()) {
    if (index === 0) doc.moveTo(xOf(index), yOf(plot, value));
    else doc.lineTo(xOf(index), yOf(plot, value));
  }
  if (cumulative.length > 0) doc.lineWidth(1.5).strokeColor(COLOURS.avoided).stroke();
  for (const [index, value] of cumulative.entries())
    doc.circle(xOf(index), yOf(plot, value), 2).fill(COLOURS.avoided);
  monthLabels(
    doc,
    plot,
    months.map((m) => m.month),
  );
  const confidence = `${Math.round(100 * report.uncertainty.confidence_level)} %`;
  legend(doc, plot, [
    [COLOURS.avoided, 'Cumulative avoided energy'],
    ...(band === null ? [] : ([[COLOURS.band, `${confidence} FSU band of the total`]] as [string, string][])),
  ]);
}

function monthlyTable(doc: PDFKit.PDFDocument, report: SavingsReport): void {
  const currency = reportCurrency(report);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text('Monthly savings', MARGIN, MARGIN);
  doc.moveDown(0.3);
  const head = [
    'Month',
    'Counterfactual kWh',
    'Metered kWh',
    'Avoided kWh',
    'Avoided %',
    ...(currency ? [`Avoided ${currency}`] : []),
  ];
  const row = (label: string, m: SavingsReport['monthly'][number] | SavingsReport['totals']) => [
    label,
    formatAmount(m.counterfactual_kwh),
    formatAmount(m.metered_kwh),
    formatAmount(m.avoided_kwh),
    formatPercent(m.avoided_pct),
    ...(currency ? [optionalAmount(m.avoided_cost)] : []),
  ];
  const widths = currency ? [60, 95, 85, 85, 65, 90] : [70, 110, 100, 100, 80];
  table(doc, [head, ...report.monthly.map((m) => row(m.month, m)), row('Total', report.totals)], widths);
}

function methods(doc: PDFKit.PDFDocument, report: SavingsReport): void {
  doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text('Method', MARGIN);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .text(
      `Counterfactual: the prediction of baseline version ${report.model_version} (${report.method}) ` +
        'under the conditions of each metered interval of the reporting period; avoided energy = counterfactual - metered, ' +
        'summed over the intervals that have both (IPMVP option C, CalTRACK metered savings), per calendar month of the machine and in total. ' +
        'Uncertainty: the fractional savings uncertainty (FSU) of ASHRAE Guideline 14-2014 Annex B from the ' +
        "baseline's daily residuals (their variance, lag-1 autocorrelation and the number of model parameters) for the number of " +
        `complete reporting days, with eemeter's FSU polynomial in place of the guideline's constant (${report.uncertainty.method}). ` +
        'A band wider than the avoided energy means the savings are ' +
        'not distinguishable from zero at that confidence.',
      { width: CONTENT_WIDTH },
    );
}

/** Which tariffs priced the report, and what they left unpriced or why nothing was priced. */
function costNote(cost: SavingsReportCost): string {
  const source =
    cost.source === 'request' ? 'the price given' : `the EnMS tariffs ${cost.tariffs.join(', ')}`;
  if (cost.reason) return `Cost: not priced at ${source}: ${cost.reason}.`;
  const unpriced =
    cost.unpriced_intervals > 0
      ? `; ${cost.unpriced_intervals} intervals no tariff covers are left out of the cost`
      : '';
  return `Cost in ${cost.currency} at ${source}${unpriced}.`;
}
