import { join } from 'node:path';
import { b40Rows, readGzipCsv, steelIntervalStart, steelRows } from './demo-data';

const dataDir = join(__dirname, '..', '..', 'data');

describe('steel timestamps (interval end, midnight quirk, UTC+9)', () => {
  it('turns the first reading (01/01/2018 0:15, end) into the interval starting at local midnight', () => {
    expect(steelIntervalStart('01/01/2018 0:15', 900).toISOString()).toBe('2017-12-31T15:00:00.000Z');
  });

  it('moves the midnight reading (NSM 0, same date) to the next day', () => {
    // "01/01/2018 0:00" with NSM 0 is the 96th reading of 1 January: it ends at 2 January 00:00 local.
    expect(steelIntervalStart('01/01/2018 0:00', 0).toISOString()).toBe('2018-01-01T14:45:00.000Z');
  });

  it('yields 35,040 strictly 15-minute-spaced intervals for 2018 local time', () => {
    const { energy, production } = steelRows(readGzipCsv(join(dataDir, 'Steel_industry_data.csv.gz')));
    const times = energy.map((row) => Date.parse(String(row.time))).sort((a, b) => a - b);
    expect(times).toHaveLength(35040);
    expect(new Date(times[0]).toISOString()).toBe('2017-12-31T15:00:00.000Z');
    expect(new Date(times[times.length - 1]).toISOString()).toBe('2018-12-31T14:45:00.000Z');
    const gaps = new Set(times.slice(1).map((time, index) => time - times[index]));
    expect([...gaps]).toEqual([15 * 60 * 1000]);
    expect(production.filter((row) => row.load_level === 2).length).toBeGreaterThan(0);
  });
});

describe('b40 rows', () => {
  it('splits 26,280 hourly rows into electricity, gas and weather', () => {
    const rows = b40Rows(readGzipCsv(join(dataDir, 'cambridge_b40_2013_2015_hourly.csv.gz')));
    expect(rows.electricity).toHaveLength(26280);
    expect(rows.gas[1]).toEqual({
      time: '2013-01-01T01:00:00Z',
      energy_type: 'natural_gas',
      energy_kwh: 1700,
    });
    expect(rows.environment[0]).toMatchObject({ outdoor_temp_c: 7.2, humidity_percent: 94.1 });
  });
});
