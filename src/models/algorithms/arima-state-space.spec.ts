import {
  applyDifferencing,
  armaLogLikelihood,
  constrainStationary,
  differencingPolynomial,
  expandArma,
  forecastFromOrigins,
  forecastStandardErrors,
  glsArmaLikelihood,
  stationaryCovariance,
  unconstrainStationary,
} from './arima-state-space';
import { readArimaLikelihoodReference, readArimaReference } from './testing/forecast-fixtures';

const reference = readArimaReference();
const exact = readArimaLikelihoodReference();
const series = reference.series;

/** Reference parameters in statsmodels' order: [mean when d = 0], AR, MA, σ². */
function split(order: [number, number, number], withConstant: boolean, params: number[]) {
  const [p, , q] = order;
  const offset = withConstant ? 1 : 0;
  return {
    beta: withConstant ? [params[0]] : [],
    ar: params.slice(offset, offset + p),
    ma: params.slice(offset + p, offset + p + q),
    sigma2: params[params.length - 1],
  };
}

describe('polynomials and coordinates', () => {
  it('multiplies seasonal factors out', () => {
    // (1 - 0.5B)(1 - 0.3B²) = 1 - 0.5B - 0.3B² + 0.15B³; (1 + 0.4B)(1 + 0.2B²) = 1 + 0.4B + 0.2B² + 0.08B³
    const poly = expandArma({ ar: [0.5], ma: [0.4], seasonal_ar: [0.3], seasonal_ma: [0.2], season: 2 });
    expect(poly.ar.map((v) => Number(v.toFixed(12)))).toEqual([0.5, 0.3, -0.15]);
    expect(poly.ma.map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0.2, 0.08]);
    expect(expandArma({ ar: [], ma: [], seasonal_ar: [], seasonal_ma: [], season: 0 })).toEqual({
      ar: [],
      ma: [],
    });
  });

  it('differences with (1 - B)^d (1 - B^s)^D', () => {
    expect(differencingPolynomial(1, 1, 3)).toEqual([1, -1, 0, -1, 1]);
    expect(Array.from(applyDifferencing([1, 4, 9, Number.NaN, 25], [1, -1]))).toEqual([NaN, 3, 5, NaN, NaN]);
  });

  it('maps unconstrained coordinates to stationary AR polynomials and back', () => {
    const phi = constrainStationary([0.7, -1.2, 2.5]);
    expect(unconstrainStationary(phi)!.map((v) => Number(v.toFixed(10)))).toEqual([0.7, -1.2, 2.5]);
    expect(unconstrainStationary([1.1])).toBeNull();
  });

  it('solves the stationary state covariance (AR(1): 1 / (1 - φ²); ARMA(1,1) by its autocovariance)', () => {
    expect(stationaryCovariance({ ar: [0.8], ma: [] })![0]).toBeCloseTo(1 / (1 - 0.64), 12);
    // ARMA(1,1): γ0 = (1 + 2φθ + θ²) / (1 - φ²)
    const [phi, theta] = [0.6, -0.4];
    expect(stationaryCovariance({ ar: [phi], ma: [theta] })![0]).toBeCloseTo(
      (1 + 2 * phi * theta + theta * theta) / (1 - phi * phi),
      12,
    );
    expect(stationaryCovariance({ ar: [1.01], ma: [] })).toBeNull();
  });
});

describe('exact likelihood against statsmodels (test/reference/arima-likelihood.json)', () => {
  it.each(exact.cases.map((c) => [c.order.join(','), c] as const))(
    'ARIMA(%s): the likelihood function equals statsmodels at its parameters (1e-9 relative)',
    (_label, c) => {
      const { beta, ar, ma, sigma2 } = split(c.order, c.with_constant, c.reference_params);
      const w = applyDifferencing(series, differencingPolynomial(c.order[1], 0, 0));
      const columns = c.with_constant ? [new Float64Array(series.length).fill(1)] : [];
      const value = armaLogLikelihood({ ar, ma }, w, columns, beta, sigma2)!;
      expect(Math.abs(value - c.exact_loglike_at_reference_params)).toBeLessThanOrEqual(
        1e-9 * Math.abs(c.exact_loglike_at_reference_params),
      );
    },
  );

  it('concentrating β and σ² out gives the maximum over them: at least the value at any fixed β, σ²', () => {
    const c = exact.cases[0];
    const w = Float64Array.from(series);
    const columns = [new Float64Array(series.length).fill(1)];
    const poly = { ar: [c.reference_params[1]], ma: [] };
    const concentrated = glsArmaLikelihood(poly, w, columns)!;
    const fixed = armaLogLikelihood(poly, w, columns, [c.reference_params[0]], c.reference_params[2])!;
    expect(concentrated.logLikelihood).toBeGreaterThanOrEqual(fixed);
    expect(armaLogLikelihood(poly, w, columns, concentrated.beta, concentrated.sigma2)).toBeCloseTo(
      concentrated.logLikelihood,
      8,
    );
  });
});

describe('forecastFromOrigins', () => {
  it('reproduces statsmodels forecasts at the reference parameters, and after appended readings', () => {
    for (const c of exact.cases) {
      const { beta, ar, ma, sigma2 } = split(c.order, c.with_constant, c.reference_params);
      const model = {
        factors: { ar, ma, seasonal_ar: [], seasonal_ma: [], season: 0 },
        d: c.order[1],
        seasonal_d: 0,
        season: 0,
        beta,
        sigma2,
      };
      const expected = reference.cases.find((r) => r.order.join() === c.order.join())!.forecast_14;
      const columns = c.with_constant ? [new Float64Array(series.length + 14).fill(1)] : [];
      const [path] = forecastFromOrigins(model, series, columns, [series.length], 14)!;
      Array.from(path).forEach((value, h) =>
        expect(Math.abs(value - expected[h])).toBeLessThan(1e-6 * expected[h]),
      );
    }
    const { order, params, appended, forecast_7 } = exact.appended_forecast;
    const { ar, ma, sigma2 } = split(order, false, params);
    const model = {
      factors: { ar, ma, seasonal_ar: [], seasonal_ma: [], season: 0 },
      d: order[1],
      seasonal_d: 0,
      season: 0,
      beta: [],
      sigma2,
    };
    const extended = [...series, ...appended];
    const [path] = forecastFromOrigins(model, extended, [], [extended.length], 7)!;
    Array.from(path).forEach((value, h) =>
      expect(Math.abs(value - forecast_7[h])).toBeLessThan(1e-6 * forecast_7[h]),
    );
  });

  it('forecasts from an origin with the readings before it only', () => {
    const model = {
      factors: { ar: [0.8], ma: [], seasonal_ar: [], seasonal_ma: [], season: 0 },
      d: 0,
      seasonal_d: 0,
      season: 0,
      beta: [10],
      sigma2: 1,
    };
    const y = [10, 12, 14, 100, 100];
    const columns = [new Float64Array(10).fill(1)];
    const [fromThree] = forecastFromOrigins(model, y, columns, [3], 2)!;
    // AR(1) around 10: 10 + 0.8·(14 - 10), then 10 + 0.64·4; the readings 100 after the origin are not used.
    expect(fromThree[0]).toBeCloseTo(13.2, 12);
    expect(fromThree[1]).toBeCloseTo(12.56, 12);
  });

  it('standard errors follow the ψ weights (random walk: σ·√h)', () => {
    const model = {
      factors: { ar: [], ma: [], seasonal_ar: [], seasonal_ma: [], season: 0 },
      d: 1,
      seasonal_d: 0,
      season: 0,
      beta: [],
      sigma2: 4,
    };
    expect(forecastStandardErrors(model, 3).map((v) => Number(v.toFixed(12)))).toEqual(
      [2, 2 * Math.SQRT2, 2 * Math.sqrt(3)].map((v) => Number(v.toFixed(12))),
    );
  });
});
