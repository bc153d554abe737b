import { localStartSeconds, parseLocalStart, toEnergyInterval } from './energy-interval';

describe('interval start labels', () => {
  it('reads the weekday and hour of a local start, and the offset of a repeated hour', () => {
    // 2016-10-30 was a Sunday, the day Europe/London's clocks went back.
    expect(parseLocalStart('2016-10-30')).toEqual({ isoWeekday: 7, hour: null, utcOffsetMinutes: null });
    expect(parseLocalStart('2016-10-30T00:00')).toEqual({ isoWeekday: 7, hour: 0, utcOffsetMinutes: null });
    expect(parseLocalStart('2016-10-30T01:00+01:00')).toEqual({
      isoWeekday: 7,
      hour: 1,
      utcOffsetMinutes: 60,
    });
    expect(parseLocalStart('2016-10-30T01:00+00:00')).toEqual({
      isoWeekday: 7,
      hour: 1,
      utcOffsetMinutes: 0,
    });
    expect(parseLocalStart('2016-11-06T01:00-05:00')).toMatchObject({ hour: 1, utcOffsetMinutes: -300 });
  });

  it('refuses other forms', () => {
    for (const bad of [
      '2016-10-30T01:00Z',
      '2016-10-30T01:00+0100',
      '2016-10-30 01:00',
      '2016-02-30',
      '2016-10-30T24:00',
    ]) {
      expect(() => parseLocalStart(bad)).toThrow(RangeError);
    }
  });

  it('gives Prophet wall-clock seconds, the same for both readings of a repeated hour', () => {
    const wallClock = Date.UTC(2016, 9, 30, 1) / 1000;
    expect(localStartSeconds('2016-10-30T01:00')).toBe(wallClock);
    expect(localStartSeconds('2016-10-30T01:00+01:00')).toBe(wallClock);
    expect(localStartSeconds('2016-10-30T01:00+00:00')).toBe(wallClock);
    expect(localStartSeconds('2016-10-30')).toBe(Date.UTC(2016, 9, 30) / 1000);
  });

  it('keeps the start instant of a database row as utc_start', () => {
    const row = {
      time: new Date('2016-10-30T01:00:00Z'),
      start: '2016-10-30T01:00+00:00',
      energy_kwh: 3,
      outdoor_temp_c: null,
      production_count: null,
      throughput_units_per_hour: null,
      load_level: null,
    };
    expect(toEnergyInterval(row)).toEqual({
      start: '2016-10-30T01:00+00:00',
      energy_kwh: 3,
      outdoor_temp_c: null,
      production_count: null,
      throughput_units_per_hour: null,
      operating_hours: null,
      load_level: null,
      utc_start: '2016-10-30T01:00:00.000Z',
    });
    const { time: _time, ...withoutTime } = row;
    expect(toEnergyInterval(withoutTime)).not.toHaveProperty('utc_start');
  });
});
