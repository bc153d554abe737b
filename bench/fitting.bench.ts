/**
 * Fitting benchmark: the service's own fit functions (the compiled modules of the snapshot) called
 * in this process on the demo data, beside the same fits in scikit-learn and statsmodels on the
 * same rows (bench/python/fit_reference.py, timed inside Python), when Debian's python3-sklearn and
 * python3-statsmodels are installed. Every figure is a median over repetitions after warm-up fits;
 * the ratios ours / theirs come from the same run.
 *
 * - baseline: fitBaseline (design matrix from the intervals, least squares, inference, Guideline 14
 *   metrics) on one year, hourly and daily, of b40 electricity (2015) and the steel plant (2018);
 *   beside it fitOls alone on the design matrix; against LinearRegression on that matrix and
 *   statsmodels OLS with the same inference.
 * - anomaly: fitAnomalyModel on one year hourly; against IsolationForest (scikit-learn's defaults)
 *   on the columns our detector sees, and statsmodels' Huber RLM on our detector's design.
 * - forecast_arima: fitArima's order search on 90 days hourly less the week a job holds out; against
 *   the same grid with the same d, D, season and selection (least AIC among valid fits) in
 *   statsmodels' ARIMA.
 * - forecast_prophet: fitProphet on the same series; no Python Prophet here, so ours only.
 */
import type { BenchContext, BenchScript } from './lib/harness';
import {
  demoIntervals,
  DemoMachine,
  EnergyInterval,
  IntervalLength,
  loadDemoMachines,
} from './lib/demo-intervals';
import { importService } from './lib/paths';
import {
  PYTHON,
  PYTHON_THREADS,
  PythonCase,
  PythonCaseResult,
  pythonReference,
  runPythonCases,
} from './lib/python-reference';
import { round, summarize } from './lib/stats';

interface BaselineSpec {
  interval: IntervalLength;
  features: string[];
}

interface DesignMatrix {
  featureNames: string[];
  x: number[][];
  y: number[];
  rowIndices: number[];
}

interface Algorithms {
  baseline: {
    fitBaseline(
      rows: EnergyInterval[],
      spec: BaselineSpec,
    ): { params: { intercept: number; coefficients: number[] } };
    buildDesignMatrix(rows: EnergyInterval[], spec: BaselineSpec): DesignMatrix;
    driverAvailability(rows: EnergyInterval[]): unknown;
    suggestBaselineFeatures(availability: unknown, interval: IntervalLength): BaselineSpec;
  };
  ols: {
    fitOls(x: number[][], y: number[]): { intercept: number; coefficients: number[] };
    /** Which least-squares method fitOls takes on a design (absent in snapshots before it existed). */
    solveLeastSquares?(x: number[][], y: number[]): { method: string; correlationCondition: number | null };
  };
  anomaly: {
    fitAnomalyModel(
      rows: EnergyInterval[],
      spec: { interval: IntervalLength },
    ): { drivers: string[]; iterations: number; fit_rows: number };
    HUBER_K: number;
  };
  arima: {
    fitArima(
      series: number[],
      spec: { horizon: number; season: number; seasonal: boolean },
    ): Promise<ArimaFit>;
  };
  prophet: {
    fitProphet(
      timestamps: number[],
      values: number[],
      spec: {
        dailySeasonality: boolean;
        weeklySeasonality: boolean;
        yearlySeasonality: boolean;
        uncertaintySamples: number;
      },
    ): Promise<unknown>;
  };
  interval: { localStartSeconds(start: string): number };
}

interface ArimaFit {
  params: {
    order: Record<'p' | 'd' | 'q' | 'seasonal_p' | 'seasonal_d' | 'seasonal_q' | 'season', number>;
    aic: number;
    differencing: { d: number; seasonal_d: number } | null;
    forecast_bounds: { lower: number; upper: number };
    candidates: unknown[];
    rejected: unknown[];
  };
}

async function loadAlgorithms(): Promise<Algorithms> {
  const dir = 'src/models/algorithms';
  return {
    baseline: await importService(`${dir}/baseline.js`),
    ols: await importService(`${dir}/ols.js`),
    anomaly: await importService(`${dir}/anomaly.js`),
    arima: await importService(`${dir}/arima.js`),
    prophet: await importService(`${dir}/prophet.js`),
    interval: await importService(`${dir}/energy-interval.js`),
  };
}

interface Repeats {
  warmups: number;
  repetitions: number;
}

/** Warm-ups and repetitions per kind of fit, from milliseconds (baseline) to tens of seconds (statsmodels' search). */
interface Settings {
  baseline: Repeats;
  anomaly: Repeats;
  /** statsmodels' RLM takes seconds (50 IRLS steps on 168 dummy columns): b40 only; null: skipped. */
  rlm: Repeats | null;
  forecast: Repeats;
  /** statsmodels' order search: ~20-40 s each here; null: skipped, for the reason given. */
  arimaReference: Repeats | null;
  arimaReferenceSkipped?: string;
}

function settings(quick: boolean): Settings {
  return quick
    ? {
        baseline: { warmups: 1, repetitions: 5 },
        anomaly: { warmups: 1, repetitions: 3 },
        rlm: null,
        // A smoke test: the one forecast fit of each kind also pays the WASM instantiation.
        forecast: { warmups: 0, repetitions: 1 },
        arimaReference: null,
        arimaReferenceSkipped: "statsmodels' search (tens of seconds) is skipped in --quick",
      }
    : {
        baseline: { warmups: 3, repetitions: 20 },
        anomaly: { warmups: 2, repetitions: 10 },
        rlm: { warmups: 1, repetitions: 3 },
        forecast: { warmups: 1, repetitions: 3 },
        // The script fits one small ARIMA untimed first (lazy imports); a search has no JIT to warm.
        arimaReference: { warmups: 0, repetitions: 3 },
      };
}

/** One year of each demo machine, local time; the forecasts' 90 days: the newest, as a default job takes them. */
const YEARS = { steel: ['2018-01-01', '2019-01-01'], b40Electricity: ['2015-01-01', '2016-01-01'] } as const;
const FORECAST_WINDOWS = {
  steel: ['2018-10-03', '2019-01-01'],
  b40Electricity: ['2015-10-03', '2016-01-01'],
} as const;
/** A forecast job holds out the newest week (fit-model.ts forecastHorizon) and fits the rest. */
const HORIZON_HOURS = 168;
const SEASON_HOURS = 24;
/** anomaly.ts: IRLS stops when no weight moves by more than 1e-6, or after 50 iterations. */
const ANOMALY_MAX_ITERATIONS = 50;
const ANOMALY_WEIGHT_TOLERANCE = 1e-6;

type Reference = PythonCase & { label: string };

/** A measured fit of ours with the reference fits it is compared with (the first one gives the ratio). */
interface FitCase {
  id: string;
  model: 'baseline' | 'anomaly' | 'forecast_arima' | 'forecast_prophet';
  machine: string;
  interval: IntervalLength;
  rows: number;
  ours: { label: string; fit: () => unknown; repeats: Repeats };
  /**
   * Further fits of ours on the same rows (e.g. the OLS step alone), reported beside and compared
   * with the first reference; a part may carry the target instead of the whole fit.
   */
  oursParts?: { label: string; fit: () => unknown; target?: Target }[];
  theirs: Reference[];
  /** Why there is no reference fit, when there is none. */
  noReference?: string;
  /** Largest ours / theirs that meets the target, when it sets one. */
  target?: Target;
  /** What the comparison shows besides time (coefficients, chosen order). */
  agreement?: (ours: unknown, theirs: PythonCaseResult) => string;
}

interface Target {
  maxRatio: number;
  text: string;
}

interface Measured {
  warmup_seconds: number[];
  seconds: number[];
  result: unknown;
}

async function measure(fit: () => unknown, repeats: Repeats): Promise<Measured> {
  const measured: Measured = { warmup_seconds: [], seconds: [], result: undefined };
  for (let i = 0; i < repeats.warmups + repeats.repetitions; i++) {
    const t0 = performance.now();
    measured.result = await fit();
    const seconds = (performance.now() - t0) / 1000;
    (i < repeats.warmups ? measured.warmup_seconds : measured.seconds).push(seconds);
  }
  return measured;
}

function maxRelativeDifference(a: number[], b: number[]): number {
  return a.reduce(
    (max, value, i) => Math.max(max, Math.abs(value - b[i]) / Math.max(1e-12, Math.abs(b[i]))),
    0,
  );
}

function coefficientAgreement(ours: unknown, theirs: PythonCaseResult): string {
  const { params } = ours as { params: { intercept: number; coefficients: number[] } };
  const reference = theirs.result as { intercept: number; coefficients: number[] };
  const difference = maxRelativeDifference(
    [params.intercept, ...params.coefficients],
    [reference.intercept, ...reference.coefficients],
  );
  return `intercept and ${params.coefficients.length} coefficients agree within ${difference.toExponential(1)} (relative)`;
}

function isoWeekHour(start: string): number {
  const date = new Date(`${start}Z`);
  return ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours();
}

type MachineKey = keyof typeof YEARS;

function baselineCases(
  algorithms: Algorithms,
  machine: DemoMachine,
  key: MachineKey,
  config: Settings,
): FitCase[] {
  return (['hour', 'day'] as const).map((interval) => {
    const rows = demoIntervals(machine, interval, YEARS[key][0], YEARS[key][1]);
    const availability = algorithms.baseline.driverAvailability(rows);
    const spec = algorithms.baseline.suggestBaselineFeatures(availability, interval);
    const design = algorithms.baseline.buildDesignMatrix(rows, spec);
    const id = `baseline.${key}.${interval}`;
    const same = { x: design.x, y: design.y, ...config.baseline };
    const solver = algorithms.ols.solveLeastSquares?.(design.x, design.y);
    return {
      id,
      model: 'baseline',
      machine: machine.name,
      interval,
      rows: design.y.length,
      ours: {
        label: 'fitBaseline (design matrix, OLS, inference, metrics)',
        fit: () => algorithms.baseline.fitBaseline(rows, spec),
        repeats: config.baseline,
      },
      // Issue 16: the least squares (fitOls, inference included) on the same matrix as scikit-learn.
      oursParts: [
        {
          label: 'fitOls on the design matrix',
          fit: () => algorithms.ols.fitOls(design.x, design.y),
          target: { maxRatio: 1, text: 'least squares ≤ scikit-learn' },
        },
      ],
      theirs: [
        { id: `${id}.sklearn`, kind: 'linear_regression', label: 'sklearn LinearRegression', ...same },
        {
          id: `${id}.statsmodels`,
          kind: 'ols_with_inference',
          label: 'statsmodels OLS + inference',
          ...same,
        },
      ],
      agreement: (ours, reference) =>
        coefficientAgreement(ours, reference) +
        (solver && reference.id.endsWith('.sklearn')
          ? `; fitOls solved it by ${solver.method.replace('_', ' ')} (condition number of the correlation matrix ${solver.correlationCondition?.toPrecision(3) ?? 'n/a'})`
          : ''),
    };
  });
}

function anomalyCase(
  algorithms: Algorithms,
  machine: DemoMachine,
  key: MachineKey,
  config: Settings,
): FitCase {
  const rows = demoIntervals(machine, 'hour', YEARS[key][0], YEARS[key][1]);
  const fitted = algorithms.anomaly.fitAnomalyModel(rows, { interval: 'hour' });
  const design = algorithms.baseline.buildDesignMatrix(rows, { interval: 'hour', features: fitted.drivers });
  const contexts = design.rowIndices.map((index) => isoWeekHour(rows[index].start));
  const id = `anomaly.${key}.hour`;
  const theirs: Reference[] = [
    {
      id: `${id}.isolation_forest`,
      kind: 'isolation_forest',
      label: 'sklearn IsolationForest (100 trees, 256 samples)',
      // What our detector sees: energy, its context (hour of the week) and its drivers.
      x: design.y.map((energy, k) => [energy, contexts[k], ...design.x[k]]),
      settings: { n_estimators: 100, max_samples: 'auto', contamination: 'auto', random_state: 0, n_jobs: 1 },
      ...config.anomaly,
    },
  ];
  if (config.rlm && key === 'b40Electricity') {
    theirs.push({
      id: `${id}.huber_rlm`,
      kind: 'huber_rlm',
      label: 'statsmodels RLM HuberT (same design)',
      y: design.y,
      contexts,
      levels: 168,
      drivers: design.x,
      huber_k: algorithms.anomaly.HUBER_K,
      max_iterations: ANOMALY_MAX_ITERATIONS,
      tolerance: ANOMALY_WEIGHT_TOLERANCE,
      ...config.rlm,
    });
  }
  return {
    id,
    model: 'anomaly',
    machine: machine.name,
    interval: 'hour',
    rows: design.y.length,
    ours: {
      label: 'fitAnomalyModel (Huber context regression)',
      fit: () => algorithms.anomaly.fitAnomalyModel(rows, { interval: 'hour' }),
      repeats: config.anomaly,
    },
    theirs,
    agreement: (_ours, reference) =>
      reference.id.endsWith('isolation_forest')
        ? `ours: ${fitted.iterations} IRLS iterations on ${fitted.fit_rows} rows; IsolationForest flags ${String(reference.result.flagged)} of ${String(reference.result.rows)} rows (contamination "auto")`
        : `RLM: ${String(reference.result.iterations)} IRLS iterations`,
  };
}

const orderText = (order: number[]) =>
  `(${order.slice(0, 3).join(',')})(${order.slice(3, 6).join(',')})[${order[6]}]`;

async function forecastCases(
  algorithms: Algorithms,
  machine: DemoMachine,
  key: MachineKey,
  config: Settings,
): Promise<FitCase[]> {
  const window = demoIntervals(machine, 'hour', FORECAST_WINDOWS[key][0], FORECAST_WINDOWS[key][1]);
  const fit = window.slice(0, -HORIZON_HOURS);
  const series = fit.map((row) => row.energy_kwh);
  const spec = { horizon: HORIZON_HOURS, season: SEASON_HOURS, seasonal: true };
  const theirs: Reference[] = [];
  if (config.arimaReference) {
    // One search of ours first: statsmodels' search gets its d, D and divergence bounds.
    const { params } = await algorithms.arima.fitArima(series, spec);
    theirs.push({
      id: `forecast_arima.${key}.hour.statsmodels`,
      kind: 'arima_search',
      label: 'statsmodels ARIMA, same search',
      series,
      d: params.differencing?.d ?? 0,
      seasonal_d: params.differencing?.seasonal_d ?? 0,
      season: SEASON_HOURS,
      max_p: 3,
      max_q: 3,
      max_seasonal_p: 1,
      max_seasonal_q: 1,
      max_seasonal_base: 1,
      horizon: HORIZON_HOURS,
      bounds: [params.forecast_bounds.lower, params.forecast_bounds.upper],
      ...config.arimaReference,
    });
  }
  const timestamps = fit.map((row) => algorithms.interval.localStartSeconds(row.start));
  const prophetSpec = {
    dailySeasonality: true,
    weeklySeasonality: true,
    yearlySeasonality: false,
    uncertaintySamples: 0,
  };
  const common = { machine: machine.name, interval: 'hour' as const, rows: series.length };
  return [
    {
      id: `forecast_arima.${key}.hour`,
      model: 'forecast_arima',
      ...common,
      ours: {
        label: 'fitArima order search (ctsa WASM)',
        fit: () => algorithms.arima.fitArima(series, spec),
        repeats: config.forecast,
      },
      theirs,
      noReference: config.arimaReferenceSkipped,
      target: { maxRatio: 0.2, text: 'ours ≥ 5× faster than statsmodels' },
      agreement: (ours, reference) => {
        const { params } = ours as ArimaFit;
        const o = params.order;
        const chosen = [o.p, o.d, o.q, o.seasonal_p, o.seasonal_d, o.seasonal_q, o.season];
        const result = reference.result as {
          order: number[] | null;
          fits: number;
          rejected: number;
          aic: number | null;
        };
        return (
          `ours chose ${orderText(chosen)}, AIC ${params.aic.toFixed(1)}, of ${params.candidates.length + params.rejected.length} candidates ` +
          `(${params.rejected.length} rejected, one of them unfitted: no AR or MA term); statsmodels chose ` +
          `${result.order ? orderText(result.order) : 'none'}, AIC ${result.aic?.toFixed(1) ?? '–'}, of ${result.fits} fits (${result.rejected} rejected)`
        );
      },
    },
    {
      id: `forecast_prophet.${key}.hour`,
      model: 'forecast_prophet',
      ...common,
      ours: {
        label: 'fitProphet (Stan WASM)',
        fit: () => algorithms.prophet.fitProphet(timestamps, series, prophetSpec),
        repeats: config.forecast,
      },
      theirs: [],
      noReference: 'no Prophet for Debian’s Python here: ours only',
    },
  ];
}

const ms = (seconds: number | null | undefined) =>
  round(seconds === null || seconds === undefined ? null : seconds * 1000, 2);

export const fittingBench: BenchScript = {
  name: 'fitting',
  description:
    "Fit time per model type on the demo data, the service's own fit functions in-process, against scikit-learn and statsmodels on the same rows (ratios from the same run).",
  async run(context: BenchContext) {
    const python = await pythonReference();
    if (!python.available) {
      context.log(
        `no comparison with scikit-learn/statsmodels: ${PYTHON} cannot import them (${python.missing}); ` +
          'install them with `apt-get install python3-sklearn python3-statsmodels`. Measuring ours only.',
      );
    }
    const config = settings(context.quick);
    if (!python.available) {
      Object.assign(config, {
        rlm: null,
        arimaReference: null,
        arimaReferenceSkipped: 'statsmodels ARIMA, same search: not installed',
      });
    }
    const algorithms = await loadAlgorithms();
    const machines = await loadDemoMachines();
    const cases: FitCase[] = [
      ...baselineCases(algorithms, machines.b40Electricity, 'b40Electricity', config),
      ...baselineCases(algorithms, machines.steel, 'steel', config),
      anomalyCase(algorithms, machines.b40Electricity, 'b40Electricity', config),
      anomalyCase(algorithms, machines.steel, 'steel', config),
      ...(await forecastCases(algorithms, machines.b40Electricity, 'b40Electricity', config)),
    ];
    Object.assign(context.parameters, {
      repeats: config,
      python: { interpreter: PYTHON, ...python },
      python_blas_threads: PYTHON_THREADS,
      node_fit_threads: 1,
      cases: cases.map(({ id, machine, interval, rows }) => ({ id, machine, interval, rows })),
    });

    const ours = new Map<string, Measured>();
    for (const fitCase of cases) {
      const measured = await measure(fitCase.ours.fit, fitCase.ours.repeats);
      ours.set(fitCase.id, measured);
      context.log(`${fitCase.id}: ours p50 ${ms(summarize(measured.seconds).p50)} ms`);
      for (const part of fitCase.oursParts ?? []) {
        ours.set(`${fitCase.id}/${part.label}`, await measure(part.fit, fitCase.ours.repeats));
      }
    }
    const theirs = new Map<string, PythonCaseResult>();
    const references = cases.flatMap((fitCase) => fitCase.theirs);
    if (python.available && references.length > 0) {
      context.log(`${references.length} reference fits in ${PYTHON} ...`);
      for (const result of await runPythonCases(references, context.log)) theirs.set(result.id, result);
    }
    record(context, cases, ours, theirs, python.available);
  },
};

type Row = (string | number | null)[];

function figureOf(context: BenchContext, id: string, label: string, seconds: number[]) {
  const summary = summarize(seconds);
  context.figure({
    id,
    label,
    unit: 's',
    n: summary.n,
    p50: round(summary.p50, 5),
    p95: round(summary.p95, 5),
  });
  return summary.p50;
}

function verdict(target: Target | undefined, ratio: number | null): 'met' | 'missed' | null {
  return target && ratio !== null ? (ratio <= target.maxRatio ? 'met' : 'missed') : null;
}

function ratioFigure(
  context: BenchContext,
  id: string,
  label: string,
  ratio: number,
  target: Target | undefined,
  met: string | null,
) {
  context.figure({
    id,
    label,
    unit: '×',
    value: round(ratio, 3),
    ...(met ? { note: `target ${target!.text}: ${met}` } : {}),
  });
}

/** Table rows and figures of one case: our fit (and its parts), then one row per reference. */
function recordCase(
  context: BenchContext,
  fitCase: FitCase,
  ours: Map<string, Measured>,
  theirs: Map<string, PythonCaseResult>,
  notes: string[],
): Row[] {
  const mine = ours.get(fitCase.id)!;
  const head = [fitCase.model, fitCase.machine, fitCase.interval, fitCase.rows];
  const oursP50 = figureOf(
    context,
    `${fitCase.id}.ours`,
    `${fitCase.id}: ${fitCase.ours.label}`,
    mine.seconds,
  );
  const first = fitCase.theirs[0];
  const firstResult = first ? theirs.get(first.id) : undefined;
  const firstP50 = firstResult ? summarize(firstResult.seconds).p50 : null;
  const rows: Row[] = (fitCase.oursParts ?? []).map((part) => {
    const seconds = ours.get(`${fitCase.id}/${part.label}`)!.seconds;
    const partId = `${fitCase.id}.ours.${part.label.split(' ')[0]}`;
    const p50 = figureOf(context, partId, `${fitCase.id}: ${part.label}`, seconds);
    const ratio = firstP50 && p50 !== null ? p50 / firstP50 : null;
    const met = verdict(part.target, ratio);
    if (ratio !== null)
      ratioFigure(
        context,
        `${partId}.ratio`,
        `${fitCase.id}: ${part.label} / ${first.label} (p50)`,
        ratio,
        part.target,
        met,
      );
    return [
      ...head,
      `ours: ${part.label}`,
      ms(p50),
      first ? (firstResult ? first.label : `${first.label}: not installed`) : null,
      ms(firstP50),
      round(ratio, 3),
      part.target?.text ?? null,
      met,
    ];
  });
  if (fitCase.theirs.length === 0) {
    return [
      ...rows,
      [...head, fitCase.ours.label, ms(oursP50), fitCase.noReference ?? null, null, null, null, null],
    ];
  }
  fitCase.theirs.forEach((reference, index) => {
    const result = theirs.get(reference.id);
    const p50 = result
      ? figureOf(context, `${reference.id}.theirs`, `${reference.id}: ${reference.label}`, result.seconds)
      : null;
    const ratio = p50 && oursP50 !== null ? oursP50 / p50 : null;
    const target = index === 0 ? fitCase.target : undefined;
    const met = verdict(target, ratio);
    if (ratio !== null) {
      ratioFigure(
        context,
        `${reference.id}.ratio`,
        `${fitCase.id}: ours / ${reference.label} (p50)`,
        ratio,
        target,
        met,
      );
    }
    const what = result ? reference.label : `${reference.label}: not installed`;
    rows.push([
      ...head,
      fitCase.ours.label,
      ms(oursP50),
      what,
      ms(p50),
      round(ratio, 3),
      target?.text ?? null,
      met,
    ]);
    if (result && fitCase.agreement) notes.push(`${reference.id}: ${fitCase.agreement(mine.result, result)}`);
  });
  return rows;
}

function record(
  context: BenchContext,
  cases: FitCase[],
  ours: Map<string, Measured>,
  theirs: Map<string, PythonCaseResult>,
  compared: boolean,
) {
  const notes: string[] = [];
  const rows = cases.flatMap((fitCase) => recordCase(context, fitCase, ours, theirs, notes));
  context.details.ours = Object.fromEntries(
    [...ours].map(([id, { warmup_seconds, seconds }]) => [id, { warmup_seconds, seconds }]),
  );
  context.details.theirs = Object.fromEntries(theirs);
  context.table({
    title:
      'Fit time, ours against scikit-learn / statsmodels on the same rows (p50 over repetitions after warm-up)',
    columns: [
      'model type',
      'machine',
      'interval',
      'rows',
      'ours',
      'ours p50 ms',
      'theirs',
      'theirs p50 ms',
      'ours / theirs',
      'target',
      'target met',
    ],
    rows,
    notes: [
      'ours: the compiled service modules called in the bench process (performance.now() around the call); theirs: bench/python/fit_reference.py, time.perf_counter() around the fit inside the interpreter, on the same rows (passed through a temporary JSON file)',
      compared
        ? `Python BLAS/OpenMP threads: ${PYTHON_THREADS} (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS); each of our fits runs on one thread`
        : `no comparison: ${PYTHON} cannot import scikit-learn and statsmodels (apt-get install python3-sklearn python3-statsmodels)`,
      ...notes,
    ],
  });
}
