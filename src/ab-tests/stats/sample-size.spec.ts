import { minimumPairedSampleSize } from './sample-size';

describe('minimumPairedSampleSize', () => {
  it('is ((z_0.975 + z_0.8) sd / delta)^2 rounded up', () => {
    // (1.959963984540054 + 0.8416212335729143)^2 = 7.848879734349088
    expect(minimumPairedSampleSize(1, 1, 0.95)).toBe(8);
    expect(minimumPairedSampleSize(-1, 1, 0.95)).toBe(8);
    expect(minimumPairedSampleSize(1, 10, 0.95)).toBe(785);
  });

  it('gives the counts the abtest.json cases imply', () => {
    // numpy on |actual - prediction_a| - |actual - prediction_b|: ((z sd) / mean)^2 = 11578.709985631645 and 4.456884587075931
    expect(minimumPairedSampleSize(-6.575441153424832, 252.5521942978421, 0.95)).toBe(11579);
    expect(minimumPairedSampleSize(10001.875120304108, 7536.90922278378, 0.95)).toBe(5);
  });

  it('asks for more pairs at a higher confidence level or power', () => {
    expect(minimumPairedSampleSize(1, 1, 0.99)).toBe(12);
    expect(minimumPairedSampleSize(1, 1, 0.95, 0.9)).toBe(11);
  });

  it('is null without a difference and at least 2 without spread', () => {
    expect(minimumPairedSampleSize(0, 1, 0.95)).toBeNull();
    expect(minimumPairedSampleSize(5, 0, 0.95)).toBe(2);
  });

  it('refuses bad levels and spreads', () => {
    expect(() => minimumPairedSampleSize(1, 1, 1)).toThrow(RangeError);
    expect(() => minimumPairedSampleSize(1, 1, 0.95, 0)).toThrow(RangeError);
    expect(() => minimumPairedSampleSize(1, -1, 0.95)).toThrow(RangeError);
  });
});
