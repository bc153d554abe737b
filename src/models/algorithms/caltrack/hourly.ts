/**
 * The CalTRACK 2.0 hourly method (caltrack.org section 4; reference implementation eemeter
 * 2.10.11): time-of-week and temperature (TOWT) with occupancy, fitted in twelve overlapping
 * "three month weighted" segments.
 *
 * - Segments: one per centre month; weight 1 in that month, 0.5 in the month before and after.
 * - Occupancy (4.2): per segment, weighted least squares use ~ 1 + CDD_65 + HDD_50 (degree hours);
 *   an hour of week is occupied when more than 65 % of its rows lie above that fit.
 * - Temperature bins (4.3): endpoints [30, 45, 55, 65, 75, 90] °F, thinned from the outside in
 *   until every bin holds at least 20 of the segment's hourly temperatures.
 * - Segment model (4.4): weighted least squares of use on one intercept per hour of week plus,
 *   per temperature bin, one slope for occupied and one for unoccupied hours.
 * - Prediction: an hour in month M uses the segment centred on M.
 *
 * The segment fit is solved in two steps (Frisch-Waugh-Lovell): the bin slopes by least squares
 * on the bin features centred within each hour of week (weighted), then each hour's intercept as
 * its weighted mean of use less the slopes' share. This is the same least-squares solution as the
 * full dummy regression (exactly, not an approximation) at a fraction of its size: 2,000 rows by
 * at most 14 columns instead of 182. Slopes the data cannot identify get the minimum-norm
 * solution (SVD), as statsmodels' pseudo-inverse gives them.
 */
import { Matrix, SVD } from 'ml-matrix';
import { baselineResidualSummary } from '../../../savings/stats/fractional-savings-uncertainty';
import { parseLocalStart } from '../energy-interval';
import { coolingDegrees, heatingDegrees } from './temperature';

export interface CaltrackHour {
  /** Local start "YYYY-MM-DDTHH:mm": hour of week and month come from it. */
  start: string;
  energy_kwh: number | null;
  temperature_f: number | null;
}

export const DEFAULT_BIN_ENDPOINTS_F: readonly number[] = [30, 45, 55, 65, 75, 90];
export const MIN_TEMPERATURE_COUNT = 20;
export const OCCUPANCY_THRESHOLD = 0.65;
const HOURS_OF_WEEK = 168;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Fit quality of a segment on its weight-1 rows (eemeter's ModelMetrics: p = every coefficient). */
export interface SegmentFitStatistics {
  n: number;
  n_parameters: number;
  r_squared_adj: number;
  /** Fraction, not percent. */
  cvrmse_adj: number;
  /** Σ(predicted - observed) / Σ observed. */
  nmbe: number;
}

export interface HourlySegmentModel {
  /** eemeter's name, e.g. "dec-jan-feb-weighted" for the January segment. */
  name: string;
  /** 1-12: the month this segment predicts. */
  centre_month: number;
  rows_weight_gt_0: number;
  rows_weight_1: number;
  /** 168 characters, hour of week 0 = Monday 00:00, "1" = occupied. */
  occupancy: string;
  bin_endpoints_f: number[];
  /** false when the weighted rows were all occupied or all unoccupied: one slope per bin. */
  occupancy_split: boolean;
  /** Per hour of week; null for an hour the segment has no rows for (it predicts nothing there). */
  hour_of_week_intercepts: (number | null)[];
  /** Per bin; equal to slopes_unoccupied when occupancy_split is false. */
  slopes_occupied: number[];
  slopes_unoccupied: number[];
  in_sample: SegmentFitStatistics | null;
}

export interface CaltrackHourlyModel {
  /** Twelve segments, January's first. */
  segments: HourlySegmentModel[];
}

/** Hour of week of a local start: 24 · weekday (Monday 0) + hour. */
export function hourOfWeek(start: string): number {
  const { isoWeekday, hour } = parseLocalStart(start);
  if (hour === null) throw new RangeError(`hourly start "${start}" has no time of day`);
  return 24 * (isoWeekday - 1) + hour;
}

/** Month 1-12 of a local start. */
export function monthOf(start: string): number {
  return Number(start.slice(5, 7));
}

/** Segment name for a centre month (1-12): "dec-jan-feb-weighted" for 1. */
export function segmentName(centreMonth: number): string {
  const at = (offset: number) => MONTHS[(centreMonth - 1 + offset + 12) % 12];
  return `${at(-1)}-${at(0)}-${at(1)}-weighted`;
}

/** Weight of an hour in `month` for the segment centred on `centreMonth`: 1, 0.5 or 0. */
export function segmentWeight(centreMonth: number, month: number): number {
  const distance = (month - centreMonth + 12) % 12;
  return distance === 0 ? 1 : distance === 1 || distance === 11 ? 0.5 : 0;
}

/**
 * CalTRACK 4.3 temperature bins: counts temperatures in (-∞, e1], (e1, e2], ..., (ek, ∞); while a
 * bin holds fewer than `minCount`, drops the first bin's right endpoint and/or the last bin's left
 * endpoint, and only when neither end was short the right endpoint of every short interior bin.
 */
export function fitTemperatureBins(
  temperatures: readonly number[],
  defaults: readonly number[] = DEFAULT_BIN_ENDPOINTS_F,
  minCount = MIN_TEMPERATURE_COUNT,
): number[] {
  let endpoints = [...new Set(defaults)].sort((a, b) => a - b);
  for (;;) {
    if (endpoints.length === 0) return endpoints;
    const counts = new Array<number>(endpoints.length + 1).fill(0);
    for (const t of temperatures) counts[binIndex(t, endpoints)]++;
    const short = (i: number) => counts[i] < minCount;
    const drop = new Set<number>();
    if (short(0)) drop.add(endpoints[0]);
    if (short(counts.length - 1)) drop.add(endpoints[endpoints.length - 1]);
    if (drop.size === 0) {
      for (let i = 1; i < counts.length - 1; i++) if (short(i)) drop.add(endpoints[i]);
    }
    if (drop.size === 0) return endpoints;
    endpoints = endpoints.filter((e) => !drop.has(e));
  }
}

/**
 * CalTRACK 4.3 bin features for endpoints e1 < ... < ek: bin_0 = min(T, e1); bin_i = T - e_i
 * clipped to [0, e_(i+1) - e_i]; bin_k = max(T - e_k, 0). They add up to T.
 */
export function temperatureBinFeatures(temperature: number, endpoints: readonly number[]): number[] {
  if (endpoints.length === 0) return [temperature];
  return Array.from({ length: endpoints.length + 1 }, (_, i) => {
    if (i === 0) return Math.min(temperature, endpoints[0]);
    const low = endpoints[i - 1];
    if (i === endpoints.length) return Math.max(temperature - low, 0);
    return Math.min(Math.max(temperature - low, 0), endpoints[i] - low);
  });
}

/**
 * CalTRACK 4.2 occupancy of each hour of week: weighted least squares use ~ 1 + CDD_65 + HDD_50
 * on the rows (weight > 0), then occupied when the share of the hour's rows with a positive
 * residual (observed - fitted; each row counted once whatever its weight) exceeds `threshold`.
 * An hour of week without rows is unoccupied.
 */
export function estimateOccupancy(
  rows: readonly { energy_kwh: number; temperature_f: number; hour_of_week: number; weight: number }[],
  threshold = OCCUPANCY_THRESHOLD,
): boolean[] {
  const occupied = new Array<boolean>(HOURS_OF_WEEK).fill(false);
  if (rows.length === 0) return occupied;
  const design = rows.map((row) => [
    1,
    coolingDegrees(row.temperature_f, 65),
    heatingDegrees(row.temperature_f, 50),
  ]);
  const beta = weightedLeastSquares(
    design,
    rows.map((row) => row.energy_kwh),
    rows.map((row) => row.weight),
  );
  const positive = new Array<number>(HOURS_OF_WEEK).fill(0);
  const total = new Array<number>(HOURS_OF_WEEK).fill(0);
  rows.forEach((row, i) => {
    const fitted = design[i].reduce((sum, x, j) => sum + x * beta[j], 0);
    total[row.hour_of_week]++;
    if (row.energy_kwh - fitted > 0) positive[row.hour_of_week]++;
  });
  for (let h = 0; h < HOURS_OF_WEEK; h++) occupied[h] = total[h] > 0 && positive[h] / total[h] > threshold;
  return occupied;
}

/**
 * Fits the twelve CalTRACK hourly segments on the baseline hours (hours without use or
 * temperature are left out of the regressions; hours with a temperature count for the bins).
 * @throws RangeError on a start without a time of day
 */
export function fitCaltrackHourly(hours: readonly CaltrackHour[]): CaltrackHourlyModel {
  const prepared = hours.map((hour) => ({
    ...hour,
    hour_of_week: hourOfWeek(hour.start),
    month: monthOf(hour.start),
  }));
  return {
    segments: Array.from({ length: 12 }, (_, m) => {
      const centre = m + 1;
      const weighted = prepared
        .map((hour) => ({ ...hour, weight: segmentWeight(centre, hour.month) }))
        .filter((hour) => hour.weight > 0);
      const temperatures = weighted.flatMap((hour) =>
        isFiniteNumber(hour.temperature_f) ? [hour.temperature_f] : [],
      );
      const complete = weighted.flatMap((hour) =>
        isFiniteNumber(hour.energy_kwh) && isFiniteNumber(hour.temperature_f)
          ? [{ ...hour, energy_kwh: hour.energy_kwh, temperature_f: hour.temperature_f }]
          : [],
      );
      return fitSegment(centre, complete, fitTemperatureBins(temperatures));
    }),
  };
}

/** Expected use of one hour (CalTRACK 4.5); null when its segment has no intercept for that hour of week. */
export function predictCaltrackHourly(
  model: CaltrackHourlyModel,
  start: string,
  temperatureF: number,
): number | null {
  const segment = model.segments[monthOf(start) - 1];
  const how = hourOfWeek(start);
  return segmentPrediction(segment, how, temperatureF);
}

/** Whether an hour is occupied in the segment that predicts it. */
export function isOccupied(model: CaltrackHourlyModel, start: string): boolean {
  return model.segments[monthOf(start) - 1].occupancy[hourOfWeek(start)] === '1';
}

interface SegmentRow {
  energy_kwh: number;
  temperature_f: number;
  hour_of_week: number;
  weight: number;
}

function fitSegment(centre: number, rows: readonly SegmentRow[], endpoints: number[]): HourlySegmentModel {
  const occupied = estimateOccupancy(rows);
  const occupiedRows = rows.filter((row) => occupied[row.hour_of_week]).length;
  const split = occupiedRows > 0 && occupiedRows < rows.length;
  const bins = endpoints.length + 1;
  // Columns: per bin, [occupied, unoccupied] when split, else one.
  const columnsOf = (row: SegmentRow): number[] => {
    const features = temperatureBinFeatures(row.temperature_f, endpoints);
    if (!split) return features;
    const isOccupied = occupied[row.hour_of_week];
    return features.flatMap((value) => (isOccupied ? [value, 0] : [0, value]));
  };
  const x = rows.map(columnsOf);
  const width = split ? 2 * bins : bins;

  // Weighted means of use and of each column within each hour of week.
  const weightSum = new Array<number>(HOURS_OF_WEEK).fill(0);
  const useMean = new Array<number>(HOURS_OF_WEEK).fill(0);
  const columnMean = Array.from({ length: HOURS_OF_WEEK }, () => new Array<number>(width).fill(0));
  rows.forEach((row, i) => {
    const h = row.hour_of_week;
    weightSum[h] += row.weight;
    useMean[h] += row.weight * row.energy_kwh;
    for (let j = 0; j < width; j++) columnMean[h][j] += row.weight * x[i][j];
  });
  for (let h = 0; h < HOURS_OF_WEEK; h++) {
    if (weightSum[h] === 0) continue;
    useMean[h] /= weightSum[h];
    for (let j = 0; j < width; j++) columnMean[h][j] /= weightSum[h];
  }
  const slopes =
    rows.length > 0
      ? weightedLeastSquares(
          x.map((row, i) => row.map((value, j) => value - columnMean[rows[i].hour_of_week][j])),
          rows.map((row) => row.energy_kwh - useMean[row.hour_of_week]),
          rows.map((row) => row.weight),
        )
      : new Array<number>(width).fill(0);
  const intercepts = weightSum.map((w, h) =>
    w > 0 ? useMean[h] - columnMean[h].reduce((sum, mean, j) => sum + mean * slopes[j], 0) : null,
  );
  const pick = (offset: number) =>
    split ? Array.from({ length: bins }, (_, i) => slopes[2 * i + offset]) : [...slopes];
  const segment: HourlySegmentModel = {
    name: segmentName(centre),
    centre_month: centre,
    rows_weight_gt_0: rows.length,
    rows_weight_1: rows.filter((row) => row.weight === 1).length,
    occupancy: occupied.map((o) => (o ? '1' : '0')).join(''),
    bin_endpoints_f: endpoints,
    occupancy_split: split,
    hour_of_week_intercepts: intercepts,
    slopes_occupied: pick(0),
    slopes_unoccupied: pick(1),
    in_sample: null,
  };
  segment.in_sample = inSampleStatistics(segment, rows, HOURS_OF_WEEK + width);
  return segment;
}

function segmentPrediction(segment: HourlySegmentModel, how: number, temperatureF: number): number | null {
  const intercept = segment.hour_of_week_intercepts[how];
  if (intercept === null || intercept === undefined) return null;
  const slopes = segment.occupancy[how] === '1' ? segment.slopes_occupied : segment.slopes_unoccupied;
  return temperatureBinFeatures(temperatureF, segment.bin_endpoints_f).reduce(
    (sum, value, i) => sum + value * slopes[i],
    intercept,
  );
}

function inSampleStatistics(
  segment: HourlySegmentModel,
  rows: readonly SegmentRow[],
  parameters: number,
): SegmentFitStatistics | null {
  const centre = rows.filter((row) => row.weight === 1);
  if (centre.length <= parameters + 1) return null;
  const predicted = centre.map((row) => segmentPrediction(segment, row.hour_of_week, row.temperature_f)!);
  const summary = baselineResidualSummary(
    centre.map((row) => row.energy_kwh),
    predicted,
    parameters,
  );
  return {
    n: centre.length,
    n_parameters: parameters,
    r_squared_adj: summary.r_squared_adj,
    cvrmse_adj: summary.cvrmse_adj,
    nmbe: summary.nmbe,
  };
}

/**
 * argmin Σ w_i (y_i - x_i·b)², the minimum-norm solution when the columns are dependent (SVD
 * of the rows scaled by sqrt(w); a column of zeros gets coefficient 0, as with a pseudo-inverse).
 */
function weightedLeastSquares(
  rows: readonly number[][],
  y: readonly number[],
  weights: readonly number[],
): number[] {
  const root = weights.map(Math.sqrt);
  const scaled = new Matrix(rows.map((row, i) => row.map((value) => value * root[i])));
  const target = Matrix.columnVector(y.map((value, i) => value * root[i]));
  return new SVD(scaled, { autoTranspose: true }).solve(target).getColumn(0);
}

function binIndex(temperature: number, endpoints: readonly number[]): number {
  let i = 0;
  while (i < endpoints.length && temperature > endpoints[i]) i++;
  return i;
}

function isFiniteNumber(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}
