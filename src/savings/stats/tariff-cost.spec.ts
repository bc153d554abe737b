import { intervalRate, savingsCost, type Tariff } from './tariff-cost';

// The EnMS seed's tariffs of its US plant (database/init/06-seed-data.sql): peak on weekdays
// 09-21, off-peak 21-09 every day, so weekend daytime has no rate.
const tou = (name: string, rate: number, from: number, to: number, days: number[]): Tariff => ({
  name,
  rate_per_kwh: rate,
  currency: 'USD',
  is_time_of_use: true,
  start_hour: from,
  end_hour: to,
  applicable_days: days,
  valid_from: '2024-01-01',
  valid_to: null,
});
const PEAK = tou('Peak Hours Rate', 0.25, 9, 21, [1, 2, 3, 4, 5]);
const OFF_PEAK = tou('Off-Peak Rate', 0.1, 21, 9, [0, 1, 2, 3, 4, 5, 6]);
const flat = (rate: number, from: string, to: string | null = null): Tariff => ({
  name: `flat ${rate}`,
  rate_per_kwh: rate,
  currency: 'EUR',
  is_time_of_use: false,
  start_hour: null,
  end_hour: null,
  applicable_days: null,
  valid_from: from,
  valid_to: to,
});

describe('intervalRate', () => {
  // 2024-03-04 is a Monday, 2024-03-09 a Saturday.
  it.each([
    ['2024-03-04T08:00', 0.1],
    ['2024-03-04T09:00', 0.25],
    ['2024-03-04T20:00', 0.25],
    ['2024-03-04T21:00', 0.1],
    ['2024-03-04T00:00', 0.1],
    ['2024-03-09T03:00', 0.1],
    ['2024-03-09T12:00', null],
  ])('prices the hour %s at %p (time of use, wrapping past midnight)', (start, rate) => {
    expect(intervalRate([PEAK, OFF_PEAK], start)).toBe(rate);
  });

  it('prices a weekday at the mean of its hourly rates, and a day with an unpriced hour not at all', () => {
    expect(intervalRate([PEAK, OFF_PEAK], '2024-03-04')).toBeCloseTo((12 * 0.25 + 12 * 0.1) / 24, 12);
    expect(intervalRate([PEAK, OFF_PEAK], '2024-03-09')).toBeNull();
  });

  it('lets a time-of-use rate win over a flat one, and the newest of two flat rates win', () => {
    expect(intervalRate([flat(0.2, '2024-01-01'), PEAK], '2024-03-04T10:00')).toBe(0.25);
    expect(intervalRate([flat(0.2, '2024-01-01'), PEAK], '2024-03-09T10:00')).toBe(0.2);
    expect(intervalRate([flat(0.2, '2024-01-01'), flat(0.3, '2024-03-01')], '2024-03-04')).toBeCloseTo(
      0.3,
      12,
    );
  });

  it('honours the validity dates (both inclusive)', () => {
    const tariffs = [flat(0.2, '2024-01-01', '2024-01-31'), flat(0.3, '2024-02-01')];
    expect(intervalRate(tariffs, '2024-01-31T23:00')).toBe(0.2);
    expect(intervalRate(tariffs, '2024-02-01T00:00')).toBe(0.3);
    expect(intervalRate(tariffs, '2023-12-31')).toBeNull();
  });
});

describe('savingsCost', () => {
  it('prices counterfactual and metered energy per interval, counts what no tariff covers and skips intervals without a prediction', () => {
    const cost = savingsCost(
      [PEAK, OFF_PEAK],
      [
        { start: '2024-03-04T10:00', metered_kwh: 10, counterfactual_kwh: 12 },
        { start: '2024-03-04T22:00', metered_kwh: 20, counterfactual_kwh: 18 },
        { start: '2024-03-09T12:00', metered_kwh: 7, counterfactual_kwh: 9 },
        { start: '2024-03-04T11:00', metered_kwh: 5, counterfactual_kwh: null },
      ],
    );
    expect(cost.counterfactual_cost).toBeCloseTo(12 * 0.25 + 18 * 0.1, 12);
    expect(cost.metered_cost).toBeCloseTo(10 * 0.25 + 20 * 0.1, 12);
    expect(cost.avoided_cost).toBeCloseTo(2 * 0.25 - 2 * 0.1, 12);
    expect({ n: cost.unpriced_intervals, kwh: cost.unpriced_metered_kwh }).toEqual({ n: 1, kwh: 7 });
  });
});
