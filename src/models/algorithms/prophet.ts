/**
 * Prophet forecasting (Taylor & Letham 2018, "Forecasting at scale") on `@bsull/augurs`, with
 * Prophet's Stan model compiled to WASM (`@bsull/augurs-prophet-wasmstan`) as the optimizer:
 * y(t) = g(t) + s(t) + h(t) + ε, g piecewise-linear with 25 changepoints in the first 80 % of the
 * history, s Fourier series for the daily, weekly and yearly seasonality (Prophet's orders 4, 3 and
 * 10 unless given: hourly energy use needs a weekly order of tens, since weekday and weekend days
 * have different daily shapes and only the weekly series can tell them apart), h one day-long
 * effect per configured holiday date (all dates share it, so one holiday in the history teaches it).
 *
 * Two properties of augurs 0.10.2 shape this module:
 * - Reproducibility. augurs lays the seasonal Fourier columns of the Stan design matrix out in
 *   hash-map order, which changes from one model instance to the next; Stan's L-BFGS then stops
 *   at slightly different optima (seen on b40: trend slope k 1.13 vs 1.24, forecasts 0.03 % apart).
 *   `canonicalOptimizer` sorts the columns into an order defined by their values before Stan sees
 *   them and maps the coefficients back, so a fit depends only on data and settings.
 * - Persistence. A fitted model cannot be exported. The params keep the Stan estimates (in the
 *   canonical column order) and the training data; `forecastProphet` rebuilds the model by
 *   "fitting" it with an optimizer that returns the stored estimates. That costs the feature
 *   building (about 40 ms for 2,160 hourly points) instead of the optimization (0.5 to 0.8 s),
 *   and the stored data hash makes sure the estimates are applied to the problem they solve.
 *
 * Uncertainty intervals are Prophet's Monte-Carlo simulation of future trend changes
 * (`uncertainty_samples` draws) and are not seeded by augurs: lower/upper vary slightly between
 * calls; yhat does not.
 */
import { createHash } from 'node:crypto';
import { loadProphet, type ProphetClass, type ProphetOptimizer } from './forecast-wasm-loaders';

export interface ProphetSpec {
  dailySeasonality: boolean;
  weeklySeasonality: boolean;
  /** Fourier order of the daily seasonality; default Prophet's (4). */
  dailyFourierOrder?: number;
  /** Fourier order of the weekly seasonality; default Prophet's (3). */
  weeklyFourierOrder?: number;
  /** Local dates (YYYY-MM-DD) that share one holiday effect; timestamps are local wall-clock seconds. */
  holidays?: string[];
  /** Default false: a training window shorter than two years cannot identify it. */
  yearlySeasonality?: boolean;
  /** Coverage of the uncertainty interval, 0 < w < 1; default 0.8 (Prophet's default). */
  intervalWidth?: number;
  /** Monte-Carlo draws for the interval; 0 skips it. Default 1000 (Prophet's default). */
  uncertaintySamples?: number;
  /** Default 0.05 (Prophet's default). */
  changepointPriorScale?: number;
  /** Default 10 (Prophet's default). */
  seasonalityPriorScale?: number;
  /** Default additive. */
  seasonalityMode?: 'additive' | 'multiplicative';
}

export interface ProphetSettings {
  daily_seasonality: boolean;
  weekly_seasonality: boolean;
  /** null = Prophet's default order (absent in versions stored before the field existed). */
  daily_fourier_order?: number | null;
  weekly_fourier_order?: number | null;
  /** Local dates sharing one holiday effect. */
  holidays?: string[];
  yearly_seasonality: boolean;
  interval_width: number;
  uncertainty_samples: number;
  changepoint_prior_scale: number;
  seasonality_prior_scale: number;
  seasonality_mode: 'additive' | 'multiplicative';
}

/** Stan estimates of the Prophet model (parameter names of prophet.stan). */
export interface ProphetEstimates {
  /** Base trend growth rate (scaled units). */
  k: number;
  /** Trend offset. */
  m: number;
  sigma_obs: number;
  /** Trend rate changes at the changepoints. */
  delta: number[];
  /** Seasonality (and regressor) coefficients, columns in canonical order. */
  beta: number[];
}

export interface ProphetParams {
  settings: ProphetSettings;
  estimates: ProphetEstimates;
  /** SHA-256 of the canonical Stan data JSON the estimates were fitted to. */
  stan_data_sha256: string;
  /** Training data (epoch seconds, values): Prophet derives scaling, changepoints and features from it. */
  training: { timestamps: number[]; values: number[] };
}

export interface ProphetForecast {
  yhat: number[];
  /** Interval bounds at `settings.interval_width`; null when uncertainty_samples is 0. */
  lower: number[] | null;
  upper: number[] | null;
}

type OptimizeFunction = ProphetOptimizer['optimize'];
type InitialParams = Parameters<OptimizeFunction>[0];
type OptimizeOptions = Parameters<OptimizeFunction>[2];
type OptimizeOutput = ReturnType<OptimizeFunction>;

/** The part of Prophet's Stan data (prophet.stan `data` block) whose columns get reordered. */
interface StanDesign {
  T: number;
  K: number;
  /** T rows of K regressors. */
  X: number[][];
  s_a: number[];
  s_m: number[];
  sigmas: number[];
}

function parseStanDesign(json: string): StanDesign & Record<string, unknown> {
  const data: unknown = JSON.parse(json);
  if (typeof data !== 'object' || data === null) throw new Error('Prophet Stan data is not a JSON object');
  const design = data as Partial<StanDesign> & Record<string, unknown>;
  const { T, K, X, s_a, s_m, sigmas } = design;
  const isVector = (value: unknown): value is number[] => Array.isArray(value) && value.length === K;
  if (
    typeof T !== 'number' ||
    typeof K !== 'number' ||
    !Array.isArray(X) ||
    X.length !== T ||
    !X.every(isVector) ||
    !isVector(s_a) ||
    !isVector(s_m) ||
    !isVector(sigmas)
  ) {
    throw new Error('Prophet Stan data does not have the expected T, K, X (T×K), s_a, s_m, sigmas');
  }
  return { ...design, T, K, X, s_a, s_m, sigmas };
}

/** Column indices sorted by the column values (lexicographically over time), ties by index. */
function canonicalColumnOrder(design: StanDesign): number[] {
  const columns = Array.from({ length: design.K }, (_, k) => k);
  return columns.sort((a, b) => {
    for (const row of design.X) {
      if (row[a] !== row[b]) return row[a] - row[b];
    }
    return a - b;
  });
}

/** Estimates in the canonical column order, as `canonicalOptimizer`'s inner function returns them. */
type CanonicalOptimize = (
  init: InitialParams,
  canonicalDataJson: string,
  options: OptimizeOptions,
) => OptimizeOutput;

/**
 * Wraps an optimizer so that it always sees the Stan design matrix with its columns in canonical
 * order (and s_a, s_m, sigmas, the initial beta permuted alike); the returned beta is permuted
 * back into the order of the calling model instance.
 */
function canonicalOptimizer(inner: CanonicalOptimize): ProphetOptimizer {
  return {
    optimize(init, dataJson, options) {
      const design = parseStanDesign(dataJson);
      const order = canonicalColumnOrder(design);
      const permute = <T>(values: ArrayLike<T>): T[] => order.map((k) => values[k]);
      const canonical = {
        ...design,
        X: design.X.map(permute),
        s_a: permute(design.s_a),
        s_m: permute(design.s_m),
        sigmas: permute(design.sigmas),
      };
      const output = inner(
        { ...init, beta: Float64Array.from(permute(init.beta)) },
        JSON.stringify(canonical),
        options,
      );
      const beta = new Float64Array(design.K);
      order.forEach((k, canonicalIndex) => (beta[k] = output.params.beta[canonicalIndex]));
      return { ...output, params: { ...output.params, beta } };
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function settingsFrom(spec: ProphetSpec): ProphetSettings {
  const settings: ProphetSettings = {
    daily_seasonality: spec.dailySeasonality,
    weekly_seasonality: spec.weeklySeasonality,
    daily_fourier_order: spec.dailyFourierOrder ?? null,
    weekly_fourier_order: spec.weeklyFourierOrder ?? null,
    holidays: [...(spec.holidays ?? [])],
    yearly_seasonality: spec.yearlySeasonality ?? false,
    interval_width: spec.intervalWidth ?? 0.8,
    uncertainty_samples: spec.uncertaintySamples ?? 1000,
    changepoint_prior_scale: spec.changepointPriorScale ?? 0.05,
    seasonality_prior_scale: spec.seasonalityPriorScale ?? 10,
    seasonality_mode: spec.seasonalityMode ?? 'additive',
  };
  if (!(settings.interval_width > 0 && settings.interval_width < 1))
    throw new RangeError(`intervalWidth must be in (0, 1), got ${settings.interval_width}`);
  for (const order of [settings.daily_fourier_order, settings.weekly_fourier_order]) {
    if (order !== null && order !== undefined && !(Number.isInteger(order) && order >= 1))
      throw new RangeError(`Fourier orders must be positive integers, got ${order}`);
  }
  if (!Number.isInteger(settings.uncertainty_samples) || settings.uncertainty_samples < 0) {
    throw new RangeError(
      `uncertaintySamples must be a non-negative integer, got ${settings.uncertainty_samples}`,
    );
  }
  return settings;
}

function newProphet(
  Prophet: ProphetClass,
  settings: ProphetSettings,
  optimizer: ProphetOptimizer,
): InstanceType<ProphetClass> {
  const seasonality = (enabled: boolean, order?: number | null) =>
    enabled && order ? { type: 'fourier' as const, order } : { type: 'manual' as const, enabled };
  const DAY = 86_400;
  const holidays = settings.holidays ?? [];
  return new Prophet({
    optimizer,
    dailySeasonality: seasonality(settings.daily_seasonality, settings.daily_fourier_order),
    weeklySeasonality: seasonality(settings.weekly_seasonality, settings.weekly_fourier_order),
    yearlySeasonality: seasonality(settings.yearly_seasonality),
    ...(holidays.length > 0
      ? {
          holidays: new Map([
            [
              'holiday',
              {
                occurrences: holidays.map((date) => {
                  const start = Date.parse(`${date}T00:00:00Z`) / 1000;
                  return { start, end: start + DAY };
                }),
              },
            ],
          ]),
        }
      : {}),
    intervalWidth: settings.interval_width,
    uncertaintySamples: settings.uncertainty_samples,
    changepointPriorScale: settings.changepoint_prior_scale,
    seasonalityPriorScale: settings.seasonality_prior_scale,
    seasonalityMode: settings.seasonality_mode,
  });
}

function assertTimestamps(timestamps: readonly number[], name: string): void {
  for (let i = 0; i < timestamps.length; i++) {
    if (!Number.isFinite(timestamps[i])) throw new RangeError(`${name}[${i}] is not finite`);
    if (i > 0 && timestamps[i] <= timestamps[i - 1])
      throw new RangeError(`${name} must be strictly increasing (index ${i})`);
  }
}

/** Fits Prophet to (timestamps in epoch seconds, values); deterministic for given data and spec. */
export async function fitProphet(
  timestamps: readonly number[],
  values: readonly number[],
  spec: ProphetSpec,
): Promise<ProphetParams> {
  if (timestamps.length !== values.length)
    throw new RangeError(`${timestamps.length} timestamps but ${values.length} values`);
  if (timestamps.length < 2) throw new RangeError('Prophet needs at least 2 observations');
  assertTimestamps(timestamps, 'timestamps');
  if (!values.every(Number.isFinite)) throw new RangeError('values contain non-finite numbers');
  const settings = settingsFrom(spec);
  const runtime = await loadProphet();

  let fitted: { estimates: ProphetEstimates; dataHash: string } | undefined;
  const optimizer = canonicalOptimizer((init, canonicalDataJson, options) => {
    const output = runtime.optimizer.optimize(init, canonicalDataJson, options);
    const { k, m, sigmaObs, delta, beta } = output.params;
    fitted = {
      estimates: { k, m, sigma_obs: sigmaObs, delta: Array.from(delta), beta: Array.from(beta) },
      dataHash: sha256(canonicalDataJson),
    };
    return output;
  });
  const prophet = newProphet(runtime.Prophet, settings, optimizer);
  try {
    prophet.fit({ ds: Array.from(timestamps), y: Array.from(values) });
  } finally {
    prophet.free();
  }
  if (fitted === undefined) throw new Error('Prophet fit finished without calling the optimizer');
  return {
    settings,
    estimates: fitted.estimates,
    stan_data_sha256: fitted.dataHash,
    training: { timestamps: Array.from(timestamps), values: Array.from(values) },
  };
}

const NO_LOGS: OptimizeOutput['logs'] = { debug: '', info: '', warn: '', error: '', fatal: '' };

/**
 * Forecasts at `futureTimestamps` (epoch seconds) from fitted params, without re-optimizing.
 * `uncertaintySamples` overrides the stored draws (training stores 0: no intervals, deterministic),
 * for a caller that shows the prediction interval.
 */
export async function forecastProphet(
  params: ProphetParams,
  futureTimestamps: readonly number[],
  uncertaintySamples = params.settings.uncertainty_samples,
): Promise<ProphetForecast> {
  assertTimestamps(futureTimestamps, 'futureTimestamps');
  const runtime = await loadProphet();
  const { k, m, sigma_obs, delta, beta } = params.estimates;
  const optimizer = canonicalOptimizer((_init, canonicalDataJson) => {
    if (sha256(canonicalDataJson) !== params.stan_data_sha256) {
      throw new Error(
        'Prophet training data or settings differ from those the stored estimates were fitted to',
      );
    }
    // Prophet recomputes the in-sample trend from k, m and delta; the optimizer's copy is not needed.
    const estimates = {
      k,
      m,
      sigmaObs: sigma_obs,
      delta: Float64Array.from(delta),
      beta: Float64Array.from(beta),
      trend: new Float64Array(0),
    };
    return { logs: NO_LOGS, params: estimates };
  });
  const settings = { ...params.settings, uncertainty_samples: uncertaintySamples };
  const prophet = newProphet(runtime.Prophet, settings, optimizer);
  try {
    prophet.fit({ ds: params.training.timestamps, y: params.training.values });
    const { point, intervals } = prophet.predict({ ds: Array.from(futureTimestamps) }).yhat;
    return { yhat: point, lower: intervals?.lower ?? null, upper: intervals?.upper ?? null };
  } finally {
    prophet.free();
  }
}
