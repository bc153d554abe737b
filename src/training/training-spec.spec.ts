import { localMidnight, parseBound, resolveWindows } from './training-spec';

describe('training windows', () => {
  const extent = { first: new Date('2013-01-01T00:00:00Z'), last: new Date('2015-12-31T23:00:00Z') };

  it('defaults to the newest 90 days of data, not "now minus 90 days"', () => {
    const windows = resolveWindows({}, 'UTC', extent);
    expect(windows.training_end).toBe('2015-12-31T23:00:00.001Z');
    expect(windows.training_start).toBe('2015-10-02T23:00:00.001Z');
    expect(windows.validation_start).toBeNull();
    expect(windows.holdout_fraction).toBe(0.2);
  });

  it('reads pinned dates as whole local days, end dates inclusive', () => {
    const windows = resolveWindows(
      {
        training_start: '2013-01-01',
        training_end: '2014-12-31',
        validation_start: '2015-01-01',
        validation_end: '2015-12-31',
      },
      'UTC',
      extent,
    );
    expect(windows).toMatchObject({
      training_start: '2013-01-01T00:00:00.000Z',
      training_end: '2015-01-01T00:00:00.000Z',
      validation_start: '2015-01-01T00:00:00.000Z',
      validation_end: '2016-01-01T00:00:00.000Z',
    });
  });

  it('finds local midnight in a zone with an offset and across daylight saving time', () => {
    expect(localMidnight('2018-01-01', 'Asia/Seoul').toISOString()).toBe('2017-12-31T15:00:00.000Z');
    expect(localMidnight('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(parseBound('2026-03-29', 'Europe/Berlin', true).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(parseBound('2026-01-01T06:00:00Z', 'Europe/Berlin', false).toISOString()).toBe(
      '2026-01-01T06:00:00.000Z',
    );
  });
});
