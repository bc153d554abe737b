import { kolmogorovSmirnovSf, smirnovSf } from './kolmogorov';

/**
 * SciPy 1.17.1: scipy.stats.kstwo.sf(d, n) and scipy.special.smirnov(n, d), one point or more
 * in each region of the Simard & L'Ecuyer method choice (see kolmogorov.ts).
 */
const SCIPY: { n: number; d: number; sf: number; smirnov: number; region: string }[] = [
  { n: 1, d: 0.3, sf: 1.0, smirnov: 0.7, region: 'n d <= 1/2' },
  { n: 1, d: 0.7, sf: 0.6000000000000001, smirnov: 0.30000000000000004, region: 'd >= 1/2, exact' },
  { n: 5, d: 0.15, sf: 0.9988, smirnov: 0.7376490625000001, region: '1/(2n) < d <= 1/n (Ruben-Gambino)' },
  { n: 5, d: 0.5, sf: 0.112, smirnov: 0.056, region: 'd >= 1/2, exact' },
  { n: 10, d: 0.6, sf: 0.0005681672000000003, smirnov: 0.0002840836000000002, region: 'd >= 1/2, exact' },
  { n: 26, d: 1 / 9, sf: 0.8704247726285235, smirnov: 0.49049554985609384, region: 'n <= 140, Durbin' },
  { n: 26, d: 1 / 3, sf: 0.004458933341035531, smirnov: 0.0022294666727102645, region: 'n <= 140, Pomeranz' },
  { n: 60, d: 0.05, sf: 0.9965119852877966, smirnov: 0.7172458568681583, region: 'n <= 140, Durbin' },
  { n: 100, d: 0.25, sf: 5.408871776434847e-6, smirnov: 2.7044358882174237e-6, region: 'n <= 140, Miller' },
  { n: 140, d: 0.1, sf: 0.11353657290090946, smirnov: 0.05677796337203063, region: 'n <= 140, Pomeranz' },
  {
    n: 140,
    d: 0.169,
    sf: 0.0005778682806183945,
    smirnov: 0.00028893414031028295,
    region: 'n <= 140, Pomeranz',
  },
  { n: 141, d: 0.1, sf: 0.11128445516467944, smirnov: 0.055651174842302024, region: 'n > 140, Pelz-Good' },
  { n: 500, d: 0.06, sf: 0.05243463489026223, smirnov: 0.026217755208726833, region: 'n > 140, Pelz-Good' },
  { n: 1000, d: 0.01, sf: 0.9999496745370611, smirnov: 0.8133237754763678, region: 'n > 140, Durbin' },
  { n: 1000, d: 0.03, sf: 0.3226902143914636, smirnov: 0.16203171395455085, region: 'n > 140, Pelz-Good' },
  {
    n: 4380,
    d: 0.1406392694,
    sf: 4.7915299377777036e-76,
    smirnov: 2.3957649688888518e-76,
    region: 'n > 140, Miller',
  },
  { n: 4380, d: 0.02, sf: 0.05934738431271103, smirnov: 0.029674464655312736, region: 'n > 140, Pelz-Good' },
  { n: 50000, d: 0.005, sf: 0.16353363492434803, smirnov: 0.0818116087310516, region: 'n > 140, Pelz-Good' },
  {
    n: 200000,
    d: 0.002,
    sf: 0.39995085369038097,
    smirnov: 0.20162757353974722,
    region: 'n > 100000, Pelz-Good',
  },
  {
    n: 200000,
    d: 0.004,
    sf: 0.003314212822560255,
    smirnov: 0.0016571064112801276,
    region: 'n > 140, Miller',
  },
  {
    n: 26,
    d: 0.9,
    sf: 2.0025055999133218e-26,
    smirnov: 1.0012527999566609e-26,
    region: 'd >= 1/2, far tail',
  },
];

describe('Kolmogorov-Smirnov distribution', () => {
  it.each(SCIPY)('P(D_$n >= $d) agrees with scipy.stats.kstwo.sf ($region)', ({ n, d, sf }) => {
    expect(Math.abs(kolmogorovSmirnovSf(n, d) - sf) / sf).toBeLessThan(1e-9);
  });

  it.each(SCIPY)('P(D_$n+ >= $d) agrees with scipy.special.smirnov', ({ n, d, smirnov }) => {
    expect(Math.abs(smirnovSf(n, d) - smirnov) / smirnov).toBeLessThan(1e-9);
  });

  it('is 1 at d = 0 and 0 at d = 1, and refuses a non-integer n', () => {
    expect(kolmogorovSmirnovSf(10, 0)).toBe(1);
    expect(kolmogorovSmirnovSf(10, 1)).toBe(0);
    expect(smirnovSf(10, 0)).toBe(1);
    expect(smirnovSf(10, 1)).toBe(0);
    expect(() => kolmogorovSmirnovSf(2.5, 0.3)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovSf(10, NaN)).toThrow(RangeError);
  });
});
