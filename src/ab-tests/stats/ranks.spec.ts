import { averageRanks } from './ranks';

describe('averageRanks', () => {
  it('gives tied values the mean of their ranks, like scipy.stats.rankdata', () => {
    const { ranks, tieTerm } = averageRanks([3, 1, 3, 2, 3]);
    expect(Array.from(ranks)).toEqual([4, 1, 4, 2, 4]);
    expect(tieTerm).toBe(3 ** 3 - 3);
  });

  it('has no tie term without ties', () => {
    const { ranks, tieTerm } = averageRanks([0.5, -1, 7]);
    expect(Array.from(ranks)).toEqual([2, 1, 3]);
    expect(tieTerm).toBe(0);
  });
});
