import { normalQuantile } from './normal-quantile';

/** scipy.stats.norm.ppf (SciPy 1.17.1), across both tails and the central region. */
const SCIPY: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [0.001, -3.090232306167813],
  [0.02425, -1.972961051311885],
  [0.025, -1.9599639845400545],
  [0.3, -0.5244005127080409],
  [0.8, 0.8416212335729143],
  [0.975, 1.959963984540054],
  [0.999, 3.090232306167813],
  [1 - 1e-12, 7.0344869100478356],
];

describe('normalQuantile', () => {
  it.each(SCIPY)('Phi^-1(%p) agrees with scipy.stats.norm.ppf to 1e-13', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z) / Math.abs(z)).toBeLessThan(1e-13);
  });

  it('is 0 at 1/2 and infinite at 0 and 1', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });
});
