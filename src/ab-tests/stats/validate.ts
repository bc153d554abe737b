/** Input checks shared by the A/B-test statistics; they throw RangeError, which the API maps to 400. */
import { requireFiniteSample } from '../../drift/stats/descriptive';

/** Two finite samples of equal length, at least minLength pairs (a test needs some spread). */
export function requirePairedSamples(a: ArrayLike<number>, b: ArrayLike<number>, minLength = 2): void {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} and ${b.length}`);
  requireFiniteSample(a, 'a', minLength);
  requireFiniteSample(b, 'b', minLength);
}

export function requireConfidenceLevel(confidenceLevel: number): void {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RangeError(`confidence level must be strictly between 0 and 1, got ${confidenceLevel}`);
  }
}
