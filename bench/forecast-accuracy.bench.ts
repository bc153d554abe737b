/**
 * Forecast accuracy benchmark: the holdout RMSE of each default forecast type (the service's own
 * `fitModel`, the function a training job's worker runs, from the compiled snapshot) on the demo
 * machines, beside the two seasonal-naive benchmarks on the same holdout ("same hour yesterday",
 * s = 24, and "same hour last week", s = 168, each repeating the last day or week before the
 * holdout). Each case is a default forecast job as if the data ended with the holdout week: the
 * default window (9 weeks of history), the week held out, everything else default.
 *
 * Weeks: the first Monday of March, June, September and December (2018 for the steel plant, 2014
 * for b40; the weeks of test/training/forecast-accuracy.e2e-spec.ts), and the newest week of each
 * data set, 25-31 December (what a default job holds out on the demo data; a holiday week).
 * Quick mode: the newest week only.
 */
import { join } from 'node:path';
import type { BenchContext, BenchScript } from './lib/harness';
import { demoIntervals, DemoMachine, EnergyInterval, loadDemoMachines } from './lib/demo-intervals';
import { importService } from './lib/paths';
import { round, summarize } from './lib/stats';

type ForecastType = 'forecast_arima' | 'forecast_prophet';
const TYPES: ForecastType[] = ['forecast_arima', 'forecast_prophet'];

interface Benchmark {
  season: number;
  rmse: number;
}

interface FitOutput {
  parameters: Record<string, unknown>;
  validation_metrics: {
    rmse: number;
    benchmarks: Benchmark[];
    beats_best_benchmark: boolean;
    beats_any_benchmark: boolean;
  };
  training_metrics: Record<string, unknown>;
}

interface FitModule {
  fitModel(input: {
    spec: Record<string, unknown>;
    training: EnergyInterval[];
    validation: EnergyInterval[];
  }): Promise<FitOutput>;
}

interface DemoDataModule {
  demoDataDir(): string;
  readGzipCsv(path: string): Record<string, string>[];
  b40Rows(records: Record<string, string>[]): { gas: Record<string, string | number | null>[] };
  B40_FILE: string;
}

const DAY_MS = 86_400_000;
const WEEKS: Record<string, string[]> = {
  steel: ['2018-03-05', '2018-06-04', '2018-09-03', '2018-12-03', '2018-12-25'],
  b40Electricity: ['2014-03-03', '2014-06-02', '2014-09-01', '2014-12-01', '2015-12-25'],
  b40Gas: ['2014-03-03', '2014-06-02', '2014-09-01', '2014-12-01', '2015-12-25'],
};
const HISTORY_DAYS = 63;

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

async function machines(): Promise<Record<string, DemoMachine>> {
  const { steel, b40Electricity } = await loadDemoMachines();
  const demo = await importService<DemoDataModule>('src/demo/demo-data.js');
  const gas = demo.b40Rows(demo.readGzipCsv(join(demo.demoDataDir(), demo.B40_FILE))).gas;
  return {
    steel,
    b40Electricity,
    b40Gas: { ...b40Electricity, name: 'Building b40 gas boiler', energy: gas },
  };
}

interface Row {
  machine: string;
  week: string;
  type: ForecastType;
  rmse: number;
  naive24: number;
  naive168: number;
  beatsBest: boolean;
  beatsAny: boolean;
  seconds: number;
  detail: string;
}

async function fitWeek(
  fit: FitModule,
  machine: DemoMachine,
  week: string,
  type: ForecastType,
): Promise<Omit<Row, 'machine'>> {
  const training = demoIntervals(machine, 'hour', shift(week, -HISTORY_DAYS), week);
  const validation = demoIntervals(machine, 'hour', week, shift(week, 7));
  const spec = {
    model_type: type,
    interval: 'hour',
    energy_type: 'electricity',
    timezone: 'UTC',
    holdout_fraction: 0.2,
  };
  const t0 = performance.now();
  const output = await fit.fitModel({ spec, training, validation });
  const seconds = (performance.now() - t0) / 1000;
  const metrics = output.validation_metrics;
  const rmseOf = (season: number) => metrics.benchmarks.find((b) => b.season === season)!.rmse;
  const order = output.parameters.order as Record<string, number> | undefined;
  const detail =
    type === 'forecast_arima' && order
      ? `ARIMA(${order.p},${order.d},${order.q}) errors`
      : `${String(output.training_metrics.history_weeks)} weeks of history`;
  return {
    week,
    type,
    rmse: metrics.rmse,
    naive24: rmseOf(24),
    naive168: rmseOf(168),
    beatsBest: metrics.beats_best_benchmark,
    beatsAny: metrics.beats_any_benchmark,
    seconds,
    detail,
  };
}

export const forecastAccuracyBench: BenchScript = {
  name: 'forecast-accuracy',
  description:
    'Holdout RMSE of the default ARIMA and Prophet forecasts on the demo machines beside the seasonal-naive benchmarks s = 24 and s = 168 on the same week.',
  async run(context: BenchContext) {
    const fit = await importService<FitModule>('src/training/fit/fit-model.js');
    const demo = await machines();
    const rows: Row[] = [];
    Object.assign(context.parameters, {
      history_days: HISTORY_DAYS,
      weeks: context.quick ? 'newest only' : WEEKS,
    });
    for (const [name, weeks] of Object.entries(WEEKS)) {
      for (const week of context.quick ? weeks.slice(-1) : weeks) {
        for (const type of TYPES) {
          const row = { machine: name, ...(await fitWeek(fit, demo[name], week, type)) };
          rows.push(row);
          context.log(
            `${name} ${week} ${type}: RMSE ${round(row.rmse, 2)} vs ${round(row.naive24, 2)} / ${round(row.naive168, 2)} (${row.seconds.toFixed(1)} s)`,
          );
        }
      }
    }
    const cell = (value: number, best: boolean) => `${round(value, 2)}${best ? ' *' : ''}`;
    context.table({
      title: 'Holdout RMSE (kWh per hour) of the default forecasts and the seasonal-naive benchmarks',
      columns: [
        'machine',
        'holdout week',
        'ARIMA',
        'Prophet',
        'same hour yesterday',
        'same hour last week',
        'ARIMA model',
        'Prophet history',
      ],
      rows: Object.keys(WEEKS).flatMap((name) =>
        [...new Set(rows.filter((r) => r.machine === name).map((r) => r.week))].map((week) => {
          const [arima, prophet] = TYPES.map(
            (type) => rows.find((r) => r.machine === name && r.week === week && r.type === type)!,
          );
          const least = Math.min(arima.rmse, prophet.rmse, arima.naive24, arima.naive168);
          return [
            name,
            week,
            cell(arima.rmse, arima.rmse === least),
            cell(prophet.rmse, prophet.rmse === least),
            cell(arima.naive24, arima.naive24 === least),
            cell(arima.naive168, arima.naive168 === least),
            arima.detail,
            prophet.detail,
          ];
        }),
      ),
      notes: [
        '* least RMSE of the week. Both benchmarks forecast the whole week from its start (single origin), as the models do.',
      ],
    });
    const spread = context.quick ? [] : Object.keys(WEEKS);
    context.table({
      title:
        'Weeks (of the four spread over the year) on which each forecast beats the better benchmark, and at least one',
      columns: ['machine', 'ARIMA: better / any', 'Prophet: better / any'],
      rows: spread.map((name) => [
        name,
        ...TYPES.map((type) => {
          const spreadRows = rows.filter(
            (r) => r.machine === name && r.type === type && !r.week.endsWith('-12-25'),
          );
          return `${spreadRows.filter((r) => r.beatsBest).length} / ${spreadRows.filter((r) => r.beatsAny).length} of ${spreadRows.length}`;
        }),
      ]),
    });
    for (const type of TYPES) {
      const seconds = summarize(rows.filter((r) => r.type === type).map((r) => r.seconds));
      context.figure({
        id: `${type}_fit_seconds`,
        label: `${type} fit (fitModel, one week)`,
        unit: 's',
        n: seconds.n,
        p50: seconds.p50,
        p95: seconds.p95,
      });
    }
    context.details.rows = rows;
  },
};
