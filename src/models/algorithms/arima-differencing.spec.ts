import {
  chooseDifferencing,
  difference,
  KPSS_LEVEL_CRITICAL_5PCT,
  kpssLevelStatistic,
  ordinaryDifferences,
  seasonalStrength,
} from './arima-differencing';
import { readArimaReference } from './testing/forecast-fixtures';

const daily2013 = readArimaReference().series;

/** Deterministic pseudo-random noise in [-0.5, 0.5) (Park-Miller minimal standard generator). */
function noise(n: number, seed = 42): number[] {
  let state = seed;
  return Array.from({ length: n }, () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  });
}

describe('difference', () => {
  it('takes lagged differences', () => {
    expect(difference([1, 4, 9, 16])).toEqual([3, 5, 7]);
    expect(difference([1, 2, 3, 5, 7, 9], 3)).toEqual([4, 5, 6]);
    expect(difference([1], 2)).toEqual([]);
  });
});

describe('kpssLevelStatistic', () => {
  // statsmodels 0.13.5: kpss(x, regression='c', nlags=int(3*sqrt(n)/13))[0]
  it('matches statsmodels on the b40 daily 2013 series and its first difference', () => {
    expect(kpssLevelStatistic(daily2013)).toBeCloseTo(1.578414148413839, 12);
    expect(kpssLevelStatistic(difference(daily2013))).toBeCloseTo(0.06017111252680158, 12);
  });

  it('is 0 for a constant series', () => {
    expect(kpssLevelStatistic([3, 3, 3, 3, 3])).toBe(0);
  });

  it('separates white noise from a random walk', () => {
    const whiteNoise = noise(500);
    let level = 0;
    const randomWalk = whiteNoise.map((step) => (level += step));
    expect(kpssLevelStatistic(whiteNoise)).toBeLessThan(KPSS_LEVEL_CRITICAL_5PCT);
    expect(kpssLevelStatistic(randomWalk)).toBeGreaterThan(KPSS_LEVEL_CRITICAL_5PCT);
  });
});

describe('ordinaryDifferences', () => {
  it('differences the 2013 daily series once', () => {
    const { d, kpss_statistics } = ordinaryDifferences(daily2013, 2);
    expect(d).toBe(1);
    expect(kpss_statistics).toHaveLength(2);
  });

  it('stops at maxD', () => {
    expect(ordinaryDifferences(daily2013, 0)).toEqual({
      d: 0,
      kpss_statistics: [kpssLevelStatistic(daily2013)],
    });
  });
});

describe('seasonalStrength', () => {
  // statsmodels 0.13.5 seasonal_decompose(x, period=7): 1 - var(resid) / var(seasonal + resid)
  it('matches a classical decomposition in statsmodels on the 2013 daily series', () => {
    expect(seasonalStrength(daily2013, 7)).toBeCloseTo(0.3676290054243553, 12);
  });

  it('is near 1 for a strongly seasonal series and near 0 for noise', () => {
    const seasonal = noise(24 * 20).map((e, t) => 10 * Math.sin((2 * Math.PI * t) / 24) + e);
    expect(seasonalStrength(seasonal, 24)).toBeGreaterThan(0.99);
    expect(seasonalStrength(noise(24 * 20), 24)).toBeLessThan(0.2);
  });

  it('is 0 with fewer than two seasons', () => {
    expect(seasonalStrength([1, 2, 3, 4, 5], 3)).toBe(0);
  });
});

describe('chooseDifferencing', () => {
  it('takes D from the seasonal strength, then d from KPSS on the seasonally differenced series', () => {
    const seasonal = noise(24 * 30).map((e, t) => 10 * Math.sin((2 * Math.PI * t) / 24) + e);
    const choice = chooseDifferencing(seasonal, 2, 24);
    expect(choice.seasonal_d).toBe(1);
    expect(choice.kpss_statistics[0]).toBe(kpssLevelStatistic(difference(seasonal, 24)));
  });

  it('considers no seasonal difference without a season', () => {
    expect(chooseDifferencing(daily2013, 2, null)).toMatchObject({
      d: 1,
      seasonal_d: 0,
      seasonal_strength: null,
    });
  });
});
