import { tickOf, tickResolutionMs } from './tick';

describe('scheduler ticks', () => {
  it('names a tick by the minute for expressions that fire at most once a minute', () => {
    expect(tickResolutionMs('15 * * * *')).toBe(60_000);
    expect(tickResolutionMs('*/10 * * * *')).toBe(60_000);
    expect(tickResolutionMs('30 * * * * *')).toBe(60_000);
    expect(tickResolutionMs('@hourly')).toBe(60_000);
  });

  it('names a tick by the second when the expression fires several times a minute', () => {
    expect(tickResolutionMs('* * * * * *')).toBe(1_000);
    expect(tickResolutionMs('0-9 5 10 * * *')).toBe(1_000);
    expect(tickResolutionMs('0,30 * * * * *')).toBe(1_000);
  });

  it('gives replicas that fire a few milliseconds apart the same tick', () => {
    const early = tickOf(new Date('2026-11-27T10:05:03.002Z'), 1_000);
    const late = tickOf(new Date('2026-11-27T10:05:03.740Z'), 1_000);
    expect(early).toEqual(new Date('2026-11-27T10:05:03.000Z'));
    expect(late).toEqual(early);
    expect(tickOf(new Date('2026-11-27T10:05:03.740Z'), 60_000)).toEqual(
      new Date('2026-11-27T10:05:00.000Z'),
    );
  });
});
