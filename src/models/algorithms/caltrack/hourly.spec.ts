import {
  fitCaltrackHourly,
  fitTemperatureBins,
  hourOfWeek,
  isOccupied,
  predictCaltrackHourly,
  segmentName,
  segmentWeight,
  temperatureBinFeatures,
  type CaltrackHourlyModel,
} from './hourly';
import { coolingDegrees, heatingDegrees } from './temperature';
import { expectClose, hoursBetween, loadCaltrackReference } from './testing/caltrack-reference';

const expected = loadCaltrackReference().cases.hourly_electricity;
/** caltrack.json about.tolerance: values 1e-6 relative; occupancy lookups and bin endpoints exact. */
const VALUE = 1e-6;

const toHour = (hour: { start: string; electricity_kwh: number; temperature_f: number }) => ({
  start: hour.start,
  energy_kwh: hour.electricity_kwh,
  temperature_f: hour.temperature_f,
});

describe('CalTRACK hourly on b40 electricity against eemeter 2.10.11 (caltrack.json)', () => {
  const baseline = hoursBetween('2014-01-01', '2015-01-01').map(toHour);
  const reporting = hoursBetween('2015-01-01', '2015-02-01').map(toHour);
  let model: CaltrackHourlyModel;

  beforeAll(() => {
    model = fitCaltrackHourly(baseline);
  });

  it('builds the preliminary design matrix: hour of week, HDD_50 and CDD_65 per hour', () => {
    const matrix = expected.preliminary_design_matrix;
    expect(baseline).toHaveLength(matrix.summary.n_hours_used);
    matrix.first_rows.forEach((row: Record<string, number | string>, i: number) => {
      expect(`${baseline[i].start}:00+00:00`).toBe(row.period_start);
      expect(hourOfWeek(baseline[i].start)).toBe(row.hour_of_week);
      expectClose(`temperature[${i}]`, baseline[i].temperature_f, row.temperature_mean as number, VALUE);
      expectClose(`hdd_50[${i}]`, heatingDegrees(baseline[i].temperature_f, 50), row.hdd_50 as number, VALUE);
      expect(coolingDegrees(baseline[i].temperature_f, 65)).toBe(row.cdd_65);
    });
    const sum = (f: (hour: (typeof baseline)[number]) => number) =>
      baseline.reduce((s, hour) => s + f(hour), 0);
    expectClose(
      'hdd_50_sum',
      sum((h) => heatingDegrees(h.temperature_f, 50)),
      matrix.summary.hdd_50_sum,
      VALUE,
    );
    expectClose(
      'cdd_65_sum',
      sum((h) => coolingDegrees(h.temperature_f, 65)),
      matrix.summary.cdd_65_sum,
      VALUE,
    );
    expectClose(
      'meter_value_sum',
      sum((h) => h.energy_kwh),
      matrix.summary.meter_value_sum,
      VALUE,
    );
  });

  it('finds every segment occupancy lookup and temperature bin endpoints exactly, with the in-sample fit', () => {
    expected.segments.forEach((want: any, i: number) => {
      const segment = model.segments[i];
      expect(segment.name).toBe(want.segment);
      expect({
        name: segment.name,
        rows_weight_gt_0: segment.rows_weight_gt_0,
        rows_weight_1: segment.rows_weight_1,
        occupied: [...segment.occupancy].filter((c) => c === '1').length,
        occupancy: segment.occupancy,
        bins: segment.bin_endpoints_f,
        n_params: segment.in_sample?.n_parameters,
      }).toEqual({
        name: want.segment,
        rows_weight_gt_0: want.rows_weight_gt_0,
        rows_weight_1: want.rows_weight_1,
        occupied: want.occupied_hours_of_week,
        occupancy: want.occupancy_by_hour_of_week,
        bins: want.bin_endpoints_f,
        n_params: want.n_params,
      });
      const fit = want.in_sample_weight_1_rows;
      expectClose(
        `${want.segment} r_squared_adj`,
        segment.in_sample?.r_squared_adj,
        fit.r_squared_adj,
        VALUE,
      );
      expectClose(`${want.segment} cvrmse_adj`, segment.in_sample?.cvrmse_adj, fit.cvrmse_adj, VALUE);
      expectClose(`${want.segment} nmbe`, segment.in_sample?.nmbe, fit.nmbe, VALUE);
    });
  });

  it("fits the January segment's coefficients: 168 hour-of-week intercepts and the bin slopes by occupancy", () => {
    const january = model.segments[0];
    const want: Record<string, number> = expected.january_segment.coefficients;
    january.hour_of_week_intercepts.forEach((value, h) =>
      expectClose(`C(hour_of_week)[${h}]`, value, want[`C(hour_of_week)[${h}]`], VALUE),
    );
    january.bin_endpoints_f.concat([Infinity]).forEach((_, i) => {
      expectClose(
        `bin_${i} occupied`,
        january.slopes_occupied[i],
        want[`bin_${i}:C(occupancy)[True]`],
        VALUE,
      );
      expectClose(
        `bin_${i} unoccupied`,
        january.slopes_unoccupied[i],
        want[`bin_${i}:C(occupancy)[False]`],
        VALUE,
      );
    });
    expected.january_segment.design_matrix_first_rows.forEach((row: Record<string, number>, i: number) => {
      const features = temperatureBinFeatures(baseline[i].temperature_f, january.bin_endpoints_f);
      features.forEach((value, k) => expectClose(`bin_${k}[${i}]`, value, row[`bin_${k}`], VALUE));
      expect(segmentWeight(1, 1)).toBe(row.weight);
    });
  });

  it('predicts January 2015 hour by hour, day by day and in total, and the metered savings', () => {
    const want = expected.reporting;
    expect(reporting).toHaveLength(want.n_hours);
    const predicted = reporting.map((hour) => predictCaltrackHourly(model, hour.start, hour.temperature_f)!);
    want.first_48_hours.forEach(
      (row: { hour_of_week: number; occupied: boolean; predicted: number }, i: number) => {
        expect([hourOfWeek(reporting[i].start), isOccupied(model, reporting[i].start)]).toEqual([
          row.hour_of_week,
          row.occupied,
        ]);
        expectClose(`predicted[${i}]`, predicted[i], row.predicted, VALUE);
      },
    );
    want.daily_totals.forEach((row: { day: string; counterfactual: number; observed: number }) => {
      const hours = reporting
        .map((hour, i) => ({ hour, p: predicted[i] }))
        .filter(({ hour }) => hour.start.startsWith(row.day));
      expectClose(
        `${row.day} counterfactual`,
        hours.reduce((s, { p }) => s + p, 0),
        row.counterfactual,
        VALUE,
      );
      expectClose(
        `${row.day} observed`,
        hours.reduce((s, { hour }) => s + hour.energy_kwh, 0),
        row.observed,
        VALUE,
      );
    });
    const counterfactual = predicted.reduce((s, p) => s + p, 0);
    const observed = reporting.reduce((s, hour) => s + hour.energy_kwh, 0);
    expectClose('counterfactual_total', counterfactual, want.counterfactual_total, VALUE);
    expectClose('metered_savings', counterfactual - observed, want.metered_savings, VALUE);
  });
});

describe('CalTRACK hourly rules', () => {
  it('names the segments by their three months and weighs the centre month 1, its neighbours 0.5', () => {
    expect(segmentName(1)).toBe('dec-jan-feb-weighted');
    expect(segmentName(12)).toBe('nov-dec-jan-weighted');
    expect([12, 1, 2, 3].map((month) => segmentWeight(1, month))).toEqual([0.5, 1, 0.5, 0]);
  });

  it('thins bins from the outside in, interior bins only when both ends hold enough', () => {
    const spread = (from: number, to: number, n: number) =>
      Array.from({ length: n }, (_, i) => from + ((to - from) * i) / n);
    // Nothing below 30 or above 75: both end endpoints go first, then the short (65, 75] bin's right end.
    const temperatures = [
      ...spread(31, 45, 40),
      ...spread(46, 55, 40),
      ...spread(56, 65, 40),
      ...spread(66, 67, 5),
    ];
    expect(fitTemperatureBins(temperatures)).toEqual([45, 55]);
    expect(fitTemperatureBins([50, 51])).toEqual([]);
    expect(temperatureBinFeatures(50, [30, 45, 55])).toEqual([30, 15, 5, 0]);
    expect(temperatureBinFeatures(20, [30, 45])).toEqual([20, 0, 0]);
    expect(temperatureBinFeatures(95, [])).toEqual([95]);
  });

  it('predicts nothing for an hour of week its segment never saw', () => {
    // One week of January data, Mondays missing.
    const hours = Array.from({ length: 24 * 14 }, (_, i) => {
      const day = 6 + Math.floor(i / 24);
      const start = `2014-01-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00`;
      return { start, energy_kwh: 100 + (i % 24), temperature_f: 40 + (i % 7) };
    }).filter((hour) => hourOfWeek(hour.start) >= 24);
    const model = fitCaltrackHourly(hours);
    expect(predictCaltrackHourly(model, '2015-01-05T10:00', 40)).toBeNull(); // a Monday
    expect(predictCaltrackHourly(model, '2015-01-06T10:00', 40)).toBeCloseTo(110, 6);
    expect(predictCaltrackHourly(model, '2015-07-07T10:00', 60)).toBeNull(); // July: no July segment data
  });
});
