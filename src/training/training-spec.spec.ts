import {
  defaultInterval,
  defaultWindowDays,
  localMidnight,
  parseBound,
  resolveWindows,
} from './training-spec';

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

describe('defaults that follow the data', () => {
  const extent = { first: new Date('2013-01-01T00:00:00Z'), last: new Date('2015-12-31T23:00:00Z') };

  it('gives a baseline the newest full year to fit on, plus the holdout carved from it', () => {
    expect(defaultWindowDays('baseline', {})).toBe(457);
    expect(defaultWindowDays('baseline', { validation_start: '2015-01-01' })).toBe(365);
    expect(defaultWindowDays('baseline', { holdout_fraction: 0.5 })).toBe(730);
    expect(defaultWindowDays('forecast_arima', {})).toBe(70);
    expect(defaultWindowDays('forecast_prophet', {}, 'day')).toBe(26 * 7 + 14);
    expect(defaultWindowDays('anomaly', {})).toBe(90);
    const windows = resolveWindows({}, 'UTC', extent, defaultWindowDays('baseline', {}));
    expect(windows.training_start).toBe('2014-09-30T23:00:00.001Z');
    // Less data than that: all of it.
    const short = { first: new Date('2015-06-01T00:00:00Z'), last: extent.last };
    expect(resolveWindows({}, 'UTC', short, 457).training_start).toBe('2015-06-01T00:00:00.000Z');
  });

  it('models days when the readings come once a day, and what a pinned CalTRACK method needs', () => {
    expect(defaultInterval(86_400)).toBe('day');
    expect(defaultInterval(3_600)).toBe('hour');
    expect(defaultInterval(900)).toBe('hour');
    expect(defaultInterval(900, 'caltrack_daily')).toBe('day');
    expect(defaultInterval(86_400, 'caltrack_hourly')).toBe('hour');
  });
});
