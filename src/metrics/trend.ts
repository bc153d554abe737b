/**
 * Trend of a model's performance over its evaluations: ordinary least-squares slope of R² per day
 * of metered time (evaluation_end), or of CV(RMSE) where R² is absent. degradation_rate is the
 * slope relative to the mean level, in % per day, positive when the model gets worse.
 */
export interface TrendPoint {
  day: number;
  r_squared: number | null;
  cv_rmse: number | null;
}

export interface Trend {
  trend_direction: 'improving' | 'stable' | 'degrading';
  degradation_rate: number;
  basis: 'r_squared' | 'cv_rmse' | null;
}

/** |degradation_rate| below this (% per day) is "stable". */
export const STABLE_RATE_PCT_PER_DAY = 0.1;

function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

export function performanceTrend(points: TrendPoint[]): Trend {
  const withR2 = points.filter((point) => point.r_squared !== null);
  const withCv = points.filter((point) => point.cv_rmse !== null);
  const basis = withR2.length >= 2 ? 'r_squared' : withCv.length >= 2 ? 'cv_rmse' : null;
  if (basis === null) return { trend_direction: 'stable', degradation_rate: 0, basis };
  const used = basis === 'r_squared' ? withR2 : withCv;
  const values = used.map((point) => point[basis]!);
  const level = Math.abs(values.reduce((a, b) => a + b, 0) / values.length) || 1;
  const perDay = slope(
    used.map((point) => point.day),
    values,
  );
  // R² falling or CV(RMSE) rising is degradation.
  const rate = (100 * (basis === 'r_squared' ? -perDay : perDay)) / level;
  const direction =
    Math.abs(rate) < STABLE_RATE_PCT_PER_DAY ? 'stable' : rate > 0 ? 'degrading' : 'improving';
  return { trend_direction: direction, degradation_rate: rate, basis };
}

/**
 * The predecessor's degradation_rate, kept for its callers: the least-squares slope of R² per
 * evaluation (in evaluation-date order, evaluations without R² left out), times 100, divided by
 * the whole days between the first and the last evaluation date, rounded to 4 decimals.
 * Negative when R² falls. 0 with fewer than two R² values or less than a day between them.
 */
export function predecessorDegradationRate(
  evaluations: { evaluation_date: Date; r_squared: number | null }[],
): number {
  const values = evaluations.flatMap((evaluation) =>
    evaluation.r_squared === null ? [] : [evaluation.r_squared],
  );
  if (evaluations.length < 2 || values.length < 2) return 0;
  const perEvaluation = slope(
    values.map((_, index) => index),
    values,
  );
  const first = evaluations[0].evaluation_date.getTime();
  const last = evaluations[evaluations.length - 1].evaluation_date.getTime();
  const days = Math.floor((last - first) / 86_400_000);
  return days > 0 ? Math.round(((perEvaluation * 100) / days) * 1e4) / 1e4 : 0;
}
