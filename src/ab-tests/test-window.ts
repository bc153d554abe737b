/**
 * Which metered intervals an A/B test may compare two versions on: those after the test's start
 * and outside both versions' training windows. A version scored on the data it was fitted to
 * looks better than it is (an auto-retrained version "won" on its own training year with
 * p = 1e-13), so such intervals never enter the comparison.
 */

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** A version's training window, [start, end); either bound null when the registry does not know it. */
export interface TrainingWindow {
  start: Date | null;
  end: Date | null;
}

/**
 * The default start of a new test: the first instant after both training windows (the later of
 * their ends). Metered data from there on was used to fit neither version, whether it lies in the
 * past (historical data, compared at once) or arrives while the test runs. Without any known
 * training end the test starts at `now`, as the predecessor's did.
 */
export function defaultTestStart(trainingWindows: readonly TrainingWindow[], now: Date): Date {
  const ends = trainingWindows
    .map((window) => window.end?.getTime())
    .filter((time): time is number => time !== undefined);
  return new Date(ends.length > 0 ? Math.max(...ends) : now.getTime());
}

/** Whether the instant lies inside [start, end) of any of the windows (an open bound extends it). */
export function insideAnyTrainingWindow(time: Date, windows: readonly TrainingWindow[]): boolean {
  const t = time.getTime();
  return windows.some(
    (window) =>
      (window.start !== null || window.end !== null) &&
      (window.start === null || t >= window.start.getTime()) &&
      (window.end === null || t < window.end.getTime()),
  );
}

export interface ScoredPoint {
  time: Date;
  start: string;
  actual_kwh: number;
  expected_kwh: number | null;
}

export interface PairedIntervals {
  actual: number[];
  expectedA: number[];
  expectedB: number[];
  /** Intervals both versions scored but that lie inside a training window, left out. */
  excluded_training_intervals: number;
}

/**
 * Pairs the intervals that both versions predicted, in time order, leaving out those inside
 * either version's training window.
 */
export function pairOutsideTraining(
  scoredA: readonly ScoredPoint[],
  scoredB: readonly ScoredPoint[],
  trainingWindows: readonly TrainingWindow[],
): PairedIntervals {
  const expectedB = new Map(scoredB.map((row) => [row.start, row.expected_kwh]));
  const paired: PairedIntervals = {
    actual: [],
    expectedA: [],
    expectedB: [],
    excluded_training_intervals: 0,
  };
  for (const row of [...scoredA].sort((x, y) => x.time.getTime() - y.time.getTime())) {
    const b = expectedB.get(row.start);
    if (row.expected_kwh === null || b === undefined || b === null) continue;
    if (insideAnyTrainingWindow(row.time, trainingWindows)) {
      paired.excluded_training_intervals++;
      continue;
    }
    paired.actual.push(row.actual_kwh);
    paired.expectedA.push(row.expected_kwh);
    paired.expectedB.push(b);
  }
  return paired;
}
