import { completeDays, monthlySavings, savingsTotals } from './metered-savings';

const rows = [
  { start: '2015-01-31T22:00', metered_kwh: 10, counterfactual_kwh: 12 },
  { start: '2015-01-31T23:00', metered_kwh: 9, counterfactual_kwh: null },
  { start: '2015-02-01T00:00', metered_kwh: 5, counterfactual_kwh: 4 },
  { start: '2015-02-01T01:00', metered_kwh: 6, counterfactual_kwh: 8 },
];

describe('metered savings', () => {
  it('sums avoided energy = counterfactual - metered over the intervals with both, with its share', () => {
    expect(savingsTotals(rows)).toEqual({
      counterfactual_kwh: 24,
      metered_kwh: 21,
      avoided_kwh: 3,
      avoided_pct: 12.5,
      intervals: 3,
    });
  });

  it('splits them by calendar month of the local start', () => {
    expect(
      monthlySavings(rows).map(({ month, avoided_kwh, intervals }) => ({ month, avoided_kwh, intervals })),
    ).toEqual([
      { month: '2015-01', avoided_kwh: 2, intervals: 1 },
      { month: '2015-02', avoided_kwh: 1, intervals: 2 },
    ]);
  });

  it('gives the daily totals of complete days only (a day with an unpredicted hour is left out)', () => {
    expect(completeDays(rows)).toEqual({ observed: [11], predicted: [12] });
  });

  it('has no share when there is no counterfactual', () => {
    expect(
      savingsTotals([{ start: '2015-01-01', metered_kwh: 3, counterfactual_kwh: 0 }]).avoided_pct,
    ).toBeNull();
  });
});
