/**
 * Temperature inputs of the CalTRACK methods: degrees Fahrenheit (the balance-point grid and the
 * hourly bin endpoints are Fahrenheit integers), daily means from hourly values, degree days.
 */

/** °F = °C · 1.8 + 32, in this order (the conversion the reference values were computed with). */
export function celsiusToFahrenheit(celsius: number): number {
  return celsius * 1.8 + 32;
}

export interface HourlyTemperature {
  /** Local start "YYYY-MM-DDTHH:mm"; the first 10 characters name the day. */
  start: string;
  temperature_f: number | null;
}

export interface DailyTemperature {
  /** "YYYY-MM-DD". */
  day: string;
  /** Mean of the day's hourly temperatures; null when too few of its hours have one. */
  temperature_mean_f: number | null;
  hours_with_temperature: number;
  hours_without_temperature: number;
  /** hours_with_temperature / all hourly rows of the day. */
  coverage: number;
}

/**
 * CalTRACK 2.0 section 2.2.2 (daily temperature): the day's mean of its hourly temperatures,
 * kept only when more than 50 % of the day's hourly rows carry one (otherwise the day has no
 * temperature and is left out of the fit). Days come out in the order they first appear.
 */
export function dailyMeanTemperatures(hours: readonly HourlyTemperature[]): DailyTemperature[] {
  const days = new Map<string, { values: number[]; missing: number }>();
  for (const hour of hours) {
    const day = hour.start.slice(0, 10);
    const entry = days.get(day) ?? { values: [], missing: 0 };
    if (hour.temperature_f === null || !Number.isFinite(hour.temperature_f)) entry.missing++;
    else entry.values.push(hour.temperature_f);
    days.set(day, entry);
  }
  return [...days].map(([day, { values, missing }]) => {
    const present = values.length;
    const coverage = present / (present + missing);
    return {
      day,
      temperature_mean_f: coverage > 0.5 ? pairwiseSum(values) / present : null,
      hours_with_temperature: present,
      hours_without_temperature: missing,
      coverage,
    };
  });
}

/**
 * Sum in NumPy's pairwise order (numpy/core/src/umath/loops_utils.h, pairwise_sum): sequential
 * below 8 values; up to 128, eight interleaved partial sums combined as ((r0 + r1) + (r2 + r3)) +
 * ((r4 + r5) + (r6 + r7)) plus the remainder; above, the two halves (the first a multiple of 8)
 * summed recursively. The CalTRACK grid compares daily means with integer balance points, so a
 * mean must round as the reference's does: 41.0 and 41.00000000000001 differ by one
 * non-zero cooling degree day at 41 °F.
 */
export function pairwiseSum(values: readonly number[], from = 0, to = values.length): number {
  const n = to - from;
  if (n < 8) {
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    const r = values.slice(from, from + 8);
    let i = from + 8;
    for (; i + 8 <= to; i += 8) for (let k = 0; k < 8; k++) r[k] += values[i + k];
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < to; i++) sum += values[i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, from, from + half) + pairwiseSum(values, from + half, to);
}

/** Heating degree days (or hours) at a balance point: max(B - T, 0). */
export function heatingDegrees(temperatureF: number, balancePointF: number): number {
  return Math.max(balancePointF - temperatureF, 0);
}

/** Cooling degree days (or hours) at a balance point: max(T - B, 0). */
export function coolingDegrees(temperatureF: number, balancePointF: number): number {
  return Math.max(temperatureF - balancePointF, 0);
}
