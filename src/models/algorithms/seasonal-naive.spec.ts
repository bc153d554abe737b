import {
  benchmarkSeasons,
  seasonalNaiveForecast,
  seasonalNaiveInSampleMae,
  seasonLength,
} from './seasonal-naive';

describe('seasonLength', () => {
  it.each([
    [900, 96],
    [1800, 48],
    [3600, 24],
    [5400, 16],
    [86_400, 7],
    [7 * 86_400, 52],
    [30 * 86_400, 12],
    [1000, 1],
    [2 * 86_400, 1],
  ])('interval %i s -> season %i', (interval, season) => {
    expect(seasonLength(interval)).toBe(season);
  });

  it('rejects a non-positive interval', () => {
    expect(() => seasonLength(0)).toThrow(RangeError);
  });
});

describe('benchmarkSeasons', () => {
  it('compares sub-daily data with the same time yesterday and last week, daily data with last week', () => {
    expect(benchmarkSeasons(3600)).toEqual([24, 168]);
    expect(benchmarkSeasons(900)).toEqual([96, 672]);
    expect(benchmarkSeasons(86_400)).toEqual([7]);
  });
});

describe('seasonalNaiveForecast', () => {
  it('repeats the last season', () => {
    expect(seasonalNaiveForecast([1, 2, 3, 4, 5, 6], 3, 5)).toEqual([4, 5, 6, 4, 5]);
  });

  it('is the naive forecast with season 1', () => {
    expect(seasonalNaiveForecast([1, 2, 3], 1, 2)).toEqual([3, 3]);
  });

  it('needs one full season of history', () => {
    expect(() => seasonalNaiveForecast([1, 2], 3, 1)).toThrow(RangeError);
  });
});

describe('seasonalNaiveInSampleMae', () => {
  it('averages |y(t) - y(t-s)|', () => {
    // |2-1|, |4-2|, |6-3| -> 6 / 3
    expect(seasonalNaiveInSampleMae([1, 2, 3, 2, 4, 6], 3)).toBe(2);
  });

  it('leaves out pairs with a missing value', () => {
    // |NaN-1| is left out: (|4-2| + |6-3|) / 2
    expect(seasonalNaiveInSampleMae([1, 2, 3, Number.NaN, 4, 6], 3)).toBe(2.5);
  });

  it('needs more than one season', () => {
    expect(() => seasonalNaiveInSampleMae([1, 2, 3], 3)).toThrow(RangeError);
  });
});
