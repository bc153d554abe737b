/**
 * The CalTRACK 2.0 daily method (caltrack.org, sections 3.2-3.4; reference implementation
 * eemeter 2.10.11): use per day regressed on heating and/or cooling degree days of the day's mean
 * temperature, with the balance points searched over the integer grid 30..90 °F.
 *
 * Candidates: intercept_only; hdd_only(Bh) and cdd_only(Bc) for every grid point; cdd_hdd(Bh, Bc)
 * for every pair with Bh <= Bc. A candidate is not attempted when one of its degree-day columns
 * has fewer than 10 days above zero or sums to less than 20 degree days (3.2.2), disqualified
 * when a coefficient is negative or, optionally, a slope's p-value exceeds a limit (3.4.3.2),
 * and the qualified candidate with the highest adjusted R² is selected, ties keeping the earlier
 * (3.4.3.3). Each fit is ordinary least squares with an intercept (fitOls).
 */
import { fitOls, type OlsModel } from '../ols';
import { coolingDegrees, heatingDegrees } from './temperature';

/** The CalTRACK balance-point grid, °F. */
export const BALANCE_POINTS_F: readonly number[] = Array.from({ length: 61 }, (_, i) => 30 + i);

export type DailyModelType = 'intercept_only' | 'hdd_only' | 'cdd_only' | 'cdd_hdd';
export type CandidateStatus = 'QUALIFIED' | 'DISQUALIFIED' | 'NOT ATTEMPTED' | 'ERROR';

export interface CaltrackDailySettings {
  /** false for gas (no cooling): only intercept_only and hdd_only candidates. */
  fit_cdd: boolean;
  minimum_non_zero_hdd: number;
  minimum_non_zero_cdd: number;
  minimum_total_hdd: number;
  minimum_total_cdd: number;
  /** 1 = no p-value rule (CalTRACK 2.0); 0.1 is the CalTRACK 1.0 rule. */
  beta_hdd_maximum_p_value: number;
  beta_cdd_maximum_p_value: number;
}

/** eemeter 2.10.11's defaults for daily data. */
export const CALTRACK_DAILY_DEFAULTS: Readonly<CaltrackDailySettings> = {
  fit_cdd: true,
  minimum_non_zero_hdd: 10,
  minimum_non_zero_cdd: 10,
  minimum_total_hdd: 20,
  minimum_total_cdd: 20,
  beta_hdd_maximum_p_value: 1,
  beta_cdd_maximum_p_value: 1,
};

/** A baseline day with use and temperature (days missing either are left out before the fit). */
export interface CaltrackDay {
  day: string;
  energy_kwh: number;
  temperature_f: number;
}

/** Intercept, heating slope and cooling slope of one quantity (coefficient, t, p or standard error). */
export interface DailyTerms {
  intercept: number;
  beta_hdd: number | null;
  beta_cdd: number | null;
}

export interface DailyCandidateFit {
  coefficients: DailyTerms;
  standard_errors: DailyTerms;
  t_values: DailyTerms;
  p_values: DailyTerms;
  r_squared: number;
  r_squared_adj: number;
}

export interface DailyCandidate {
  model_type: DailyModelType;
  heating_balance_point_f: number | null;
  cooling_balance_point_f: number | null;
  status: CandidateStatus;
  /** eemeter's warning names: total_hdd_too_low, too_few_non_zero_cdd, beta_hdd_negative, ... */
  reasons: string[];
  fit: DailyCandidateFit | null;
}

/** The selected model, as stored and used for prediction. */
export interface CaltrackDailyModel {
  model_type: DailyModelType;
  heating_balance_point_f: number | null;
  cooling_balance_point_f: number | null;
  intercept: number;
  beta_hdd: number | null;
  beta_cdd: number | null;
}

export interface CaltrackDailyFit {
  n_days: number;
  candidates: DailyCandidate[];
  /** null when no candidate qualified (eemeter's "NO MODEL"). */
  selected: (DailyCandidate & { fit: DailyCandidateFit }) | null;
  model: CaltrackDailyModel | null;
}

/** Degree-day totals per balance point over the days, the quantities the "not attempted" rules read. */
export interface DegreeDayTotals {
  balance_points_f: number[];
  hdd_sum: number[];
  hdd_n_nonzero: number[];
  cdd_sum: number[];
  cdd_n_nonzero: number[];
}

interface DegreeDayColumn {
  kind: 'hdd' | 'cdd';
  balancePoint: number;
  values: number[];
  total: number;
  nonZero: number;
}

/** HDD/CDD sums and non-zero counts at every grid point (the design matrix's degree-day columns summed). */
export function degreeDayTotals(temperaturesF: readonly number[]): DegreeDayTotals {
  const hdd = BALANCE_POINTS_F.map((b) => degreeDayColumn('hdd', b, temperaturesF));
  const cdd = BALANCE_POINTS_F.map((b) => degreeDayColumn('cdd', b, temperaturesF));
  return {
    balance_points_f: [...BALANCE_POINTS_F],
    hdd_sum: hdd.map((column) => column.total),
    hdd_n_nonzero: hdd.map((column) => column.nonZero),
    cdd_sum: cdd.map((column) => column.total),
    cdd_n_nonzero: cdd.map((column) => column.nonZero),
  };
}

/**
 * Fits every CalTRACK daily candidate on the baseline days and selects one (see the file header).
 * @throws RangeError when there are no days, or a day's use or temperature is not finite
 */
export function fitCaltrackDaily(
  days: readonly CaltrackDay[],
  settings: Readonly<CaltrackDailySettings> = CALTRACK_DAILY_DEFAULTS,
): CaltrackDailyFit {
  if (days.length === 0)
    throw new RangeError('CalTRACK daily needs at least one day with use and temperature');
  const bad = days.find((d) => !Number.isFinite(d.energy_kwh) || !Number.isFinite(d.temperature_f));
  if (bad) throw new RangeError(`day ${bad.day} has no finite use or temperature`);
  const y = days.map((d) => d.energy_kwh);
  const temperatures = days.map((d) => d.temperature_f);
  const hdd = BALANCE_POINTS_F.map((b) => degreeDayColumn('hdd', b, temperatures));
  const cdd = BALANCE_POINTS_F.map((b) => degreeDayColumn('cdd', b, temperatures));

  const candidates: DailyCandidate[] = [interceptOnlyCandidate(y)];
  for (const column of hdd) candidates.push(slopeCandidate('hdd_only', [column], y, settings));
  if (settings.fit_cdd) {
    for (const column of cdd) candidates.push(slopeCandidate('cdd_only', [column], y, settings));
    cdd.forEach((cooling, c) => {
      for (let h = 0; h <= c; h++) candidates.push(slopeCandidate('cdd_hdd', [cooling, hdd[h]], y, settings));
    });
  }
  const selected = selectBest(candidates);
  return {
    n_days: days.length,
    candidates,
    selected,
    model: selected
      ? {
          model_type: selected.model_type,
          heating_balance_point_f: selected.heating_balance_point_f,
          cooling_balance_point_f: selected.cooling_balance_point_f,
          intercept: selected.fit.coefficients.intercept,
          beta_hdd: selected.fit.coefficients.beta_hdd,
          beta_cdd: selected.fit.coefficients.beta_cdd,
        }
      : null,
  };
}

/**
 * Counterfactual use of a day (CalTRACK 3.5): b0 + bh · HDD_Bh + bc · CDD_Bc at the day's mean
 * temperature, with the selected model's balance points.
 */
export function predictCaltrackDaily(model: CaltrackDailyModel, temperatureF: number): number {
  let use = model.intercept;
  if (model.beta_hdd !== null && model.heating_balance_point_f !== null) {
    use += model.beta_hdd * heatingDegrees(temperatureF, model.heating_balance_point_f);
  }
  if (model.beta_cdd !== null && model.cooling_balance_point_f !== null) {
    use += model.beta_cdd * coolingDegrees(temperatureF, model.cooling_balance_point_f);
  }
  return use;
}

/** Number of slopes of a model type (CalTRACK's "parameters excluding the intercept"). */
export function slopeCount(modelType: DailyModelType): number {
  return modelType === 'cdd_hdd' ? 2 : modelType === 'intercept_only' ? 0 : 1;
}

/** Candidates counted by status, the summary eemeter's results give. */
export function countByStatus(
  candidates: readonly DailyCandidate[],
): Partial<Record<CandidateStatus, number>> {
  const counts: Partial<Record<CandidateStatus, number>> = {};
  for (const candidate of candidates) counts[candidate.status] = (counts[candidate.status] ?? 0) + 1;
  return counts;
}

function degreeDayColumn(kind: 'hdd' | 'cdd', balancePoint: number, temperatures: readonly number[]) {
  const degrees = kind === 'hdd' ? heatingDegrees : coolingDegrees;
  const values = temperatures.map((t) => degrees(t, balancePoint));
  return {
    kind,
    balancePoint,
    values,
    total: values.reduce((sum, v) => sum + v, 0),
    nonZero: values.filter((v) => v > 0).length,
  } satisfies DegreeDayColumn;
}

function interceptOnlyCandidate(y: readonly number[]): DailyCandidate {
  const candidate: DailyCandidate = {
    model_type: 'intercept_only',
    heating_balance_point_f: null,
    cooling_balance_point_f: null,
    status: 'QUALIFIED',
    reasons: [],
    fit: null,
  };
  const ols = tryFit(
    y.map(() => []),
    y,
  );
  if (!ols) return { ...candidate, status: 'ERROR', reasons: ['fit_failed'] };
  // CalTRACK counts the intercept-only model with adjusted R² 0 (it explains no variance by definition).
  const fit = candidateFit(ols, [], 0);
  const reasons = fit.coefficients.intercept < 0 ? ['intercept_negative'] : [];
  return { ...candidate, fit, reasons, status: reasons.length > 0 ? 'DISQUALIFIED' : 'QUALIFIED' };
}

/** hdd_only / cdd_only (one column) or cdd_hdd (cooling column first, as eemeter's formula). */
function slopeCandidate(
  modelType: Exclude<DailyModelType, 'intercept_only'>,
  columns: readonly DegreeDayColumn[],
  y: readonly number[],
  settings: Readonly<CaltrackDailySettings>,
): DailyCandidate {
  const heating = columns.find((column) => column.kind === 'hdd');
  const cooling = columns.find((column) => column.kind === 'cdd');
  const candidate: DailyCandidate = {
    model_type: modelType,
    heating_balance_point_f: heating?.balancePoint ?? null,
    cooling_balance_point_f: cooling?.balancePoint ?? null,
    status: 'NOT ATTEMPTED',
    reasons: columns.flatMap((column) => degreeDayShortfalls(column, settings)),
    fit: null,
  };
  if (candidate.reasons.length > 0) return candidate;

  const ols = tryFit(
    y.map((_, i) => columns.map((column) => column.values[i])),
    y,
  );
  if (!ols) return { ...candidate, status: 'ERROR', reasons: ['fit_failed'] };
  const fit = candidateFit(ols, columns, ols.adj_r_squared ?? 0);
  const negative = (['intercept', 'beta_cdd', 'beta_hdd'] as const).filter(
    (term) => fit.coefficients[term] !== null && fit.coefficients[term] < 0,
  );
  const pValueTooHigh = (['beta_cdd', 'beta_hdd'] as const).filter((term) => {
    const p = fit.p_values[term];
    const limit = term === 'beta_hdd' ? settings.beta_hdd_maximum_p_value : settings.beta_cdd_maximum_p_value;
    return p !== null && p > limit;
  });
  const reasons = [
    ...negative.map((term) => `${term}_negative`),
    ...pValueTooHigh.map((term) => `${term}_p_value_too_high`),
  ];
  return { ...candidate, fit, reasons, status: reasons.length > 0 ? 'DISQUALIFIED' : 'QUALIFIED' };
}

/** CalTRACK 3.2.2: the degree-day column's total and its count of non-zero days against the minimums. */
function degreeDayShortfalls(column: DegreeDayColumn, settings: Readonly<CaltrackDailySettings>): string[] {
  const minimumTotal = column.kind === 'hdd' ? settings.minimum_total_hdd : settings.minimum_total_cdd;
  const minimumNonZero =
    column.kind === 'hdd' ? settings.minimum_non_zero_hdd : settings.minimum_non_zero_cdd;
  return [
    ...(column.total < minimumTotal ? [`total_${column.kind}_too_low`] : []),
    ...(column.nonZero < minimumNonZero ? [`too_few_non_zero_${column.kind}`] : []),
  ];
}

/** OLS fit, or null when the design is rank deficient (eemeter's "ERROR" candidate). */
function tryFit(rows: number[][], y: readonly number[]): OlsModel | null {
  try {
    return fitOls(rows, y);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function candidateFit(
  ols: OlsModel,
  columns: readonly DegreeDayColumn[],
  rSquaredAdj: number,
): DailyCandidateFit {
  const terms = (intercept: number, slopes: readonly number[]): DailyTerms => {
    const at = (kind: 'hdd' | 'cdd') => {
      const j = columns.findIndex((column) => column.kind === kind);
      return j < 0 ? null : slopes[j];
    };
    return { intercept, beta_hdd: at('hdd'), beta_cdd: at('cdd') };
  };
  const tValues = [ols.intercept, ...ols.coefficients].map(
    (b, j) => b / [ols.intercept_std_error, ...ols.coefficient_std_errors][j],
  );
  return {
    coefficients: terms(ols.intercept, ols.coefficients),
    standard_errors: terms(ols.intercept_std_error, ols.coefficient_std_errors),
    t_values: terms(tValues[0], tValues.slice(1)),
    p_values: terms(ols.intercept_p_value, ols.coefficient_p_values),
    r_squared: ols.r_squared ?? 0,
    r_squared_adj: rSquaredAdj,
  };
}

function selectBest(
  candidates: readonly DailyCandidate[],
): (DailyCandidate & { fit: DailyCandidateFit }) | null {
  let best: (DailyCandidate & { fit: DailyCandidateFit }) | null = null;
  for (const candidate of candidates) {
    if (candidate.status !== 'QUALIFIED' || candidate.fit === null) continue;
    // Strictly greater: on a tie the earlier candidate in CalTRACK's order stays selected.
    if (best === null || candidate.fit.r_squared_adj > best.fit.r_squared_adj) {
      best = candidate as DailyCandidate & { fit: DailyCandidateFit };
    }
  }
  return best;
}
