/**
 * Hourly intervals across both DST changes of a machine in Europe/London, on real PostgreSQL:
 * every interval is one real hour. On 2016-03-27 the clocks went from 01:00 GMT to 02:00 BST (a
 * 23-hour day), on 2016-10-30 from 02:00 BST back to 01:00 GMT (a 25-hour day, 01:00 twice).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fitBaseline } from '../../src/models/algorithms/baseline';
import { parseLocalStart, toEnergyInterval } from '../../src/models/algorithms/energy-interval';
import { Machine } from '../../src/machines/entities/machine.entity';
import { MachinesService } from '../../src/machines/machines.service';
import { API, createTestApp } from '../support/test-app';

const HOUR_MS = 3_600_000;
const localHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  hourCycle: 'h23',
});

/** Quarter-hour readings over [from, to): 1 kWh + the local hour / 4, so an hour sums to 4 + its local hour. */
function quarterHours(from: string, to: string): { time: string; energy_kwh: number }[] {
  const readings = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR_MS / 4) {
    readings.push({
      time: new Date(t).toISOString(),
      energy_kwh: 1 + Number(localHour.format(new Date(t))) / 4,
    });
  }
  return readings;
}

describe('hourly intervals across the DST changes (Europe/London)', () => {
  let app: NestFastifyApplication;
  let machine: Machine;

  const intervals = (interval: 'hour' | 'day', start: string, end: string) =>
    app.get(MachinesService).intervals(machine, {
      interval,
      start: new Date(start),
      end: new Date(end),
      energyType: 'electricity',
    });

  beforeAll(async () => {
    app = await createTestApp();
    const created = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      payload: {
        name: `dst-london-${Date.now()}`,
        type: 'building',
        timezone: 'Europe/London',
        data_interval_seconds: 900,
      },
    });
    expect(created.statusCode).toBe(201);
    machine = await app.get(MachinesService).get(created.json().id);
    const readings = [
      ...quarterHours('2016-03-20T00:00:00Z', '2016-04-03T00:00:00Z'),
      ...quarterHours('2016-10-23T00:00:00Z', '2016-11-06T00:00:00Z'),
    ];
    const ingest = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machine.id}/readings/energy`,
      payload: { readings },
    });
    expect(ingest.json()).toMatchObject({ inserted: readings.length });
  });
  afterAll(() => app.close());

  it('has 23 one-hour intervals on the spring day, no 01:00 among them', async () => {
    const day = await intervals('hour', '2016-03-27T00:00:00Z', '2016-03-27T23:00:00Z');
    expect(day).toHaveLength(23);
    expect(day.map((row) => row.start)).not.toContain('2016-03-27T01:00');
    expect(day.slice(0, 3).map((row) => [row.start, row.time.toISOString(), row.energy_kwh])).toEqual([
      ['2016-03-27T00:00', '2016-03-27T00:00:00.000Z', 4],
      ['2016-03-27T02:00', '2016-03-27T01:00:00.000Z', 6],
      ['2016-03-27T03:00', '2016-03-27T02:00:00.000Z', 7],
    ]);
    for (const row of day) {
      expect(row.reading_count).toBe(4);
      expect(row.energy_kwh).toBe(4 + parseLocalStart(row.start).hour!);
    }
  });

  it('has 25 one-hour intervals on the autumn day, the repeated 01:00 twice with its offset', async () => {
    const day = await intervals('hour', '2016-10-29T23:00:00Z', '2016-10-31T00:00:00Z');
    expect(day).toHaveLength(25);
    expect(day.slice(0, 4).map((row) => [row.start, row.time.toISOString(), row.energy_kwh])).toEqual([
      ['2016-10-30T00:00', '2016-10-29T23:00:00.000Z', 4],
      ['2016-10-30T01:00+01:00', '2016-10-30T00:00:00.000Z', 5],
      ['2016-10-30T01:00+00:00', '2016-10-30T01:00:00.000Z', 5],
      ['2016-10-30T02:00', '2016-10-30T02:00:00.000Z', 6],
    ]);
    expect(new Set(day.map((row) => row.start)).size).toBe(25);
    for (const row of day) expect(row.reading_count).toBe(4);
    expect(day.map((row) => parseLocalStart(row.start).hour)).toEqual([
      0,
      1,
      1,
      ...Array.from({ length: 22 }, (_, i) => i + 2),
    ]);
  });

  it('gives the local calendar days their real length: 23 and 25 hours of readings', async () => {
    const days = await intervals('day', '2016-03-26T00:00:00Z', '2016-10-31T00:00:00Z');
    const byDay = new Map(days.map((row) => [row.start, row]));
    expect(byDay.get('2016-03-26')!.reading_count).toBe(96);
    expect(byDay.get('2016-03-27')!.reading_count).toBe(92);
    expect(byDay.get('2016-10-30')!.reading_count).toBe(100);
    expect(byDay.get('2016-10-30')!.time.toISOString()).toBe('2016-10-29T23:00:00.000Z');
  });

  it('serves the same buckets through GET /readings?aggregate=hour', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${API}/machines/${machine.id}/readings?kind=energy&aggregate=hour&start=2016-10-30T00:00:00Z&end=2016-10-30T03:00:00Z`,
    });
    expect(response.statusCode).toBe(200);
    expect(
      response
        .json()
        .items.map((item: { time: string; local_time: string; reading_count: number }) => [
          item.time,
          item.local_time,
          item.reading_count,
        ]),
    ).toEqual([
      ['2016-10-30T00:00:00.000Z', '2016-10-30T01:00+01:00', 4],
      ['2016-10-30T01:00:00.000Z', '2016-10-30T01:00+00:00', 4],
      ['2016-10-30T02:00:00.000Z', '2016-10-30T02:00', 4],
    ]);
  });

  it('fits an hourly baseline over both weeks: each repeated hour is an hour-of-day 1 interval', async () => {
    const rows = [
      ...(await intervals('hour', '2016-03-20T00:00:00Z', '2016-04-03T00:00:00Z')),
      ...(await intervals('hour', '2016-10-23T00:00:00Z', '2016-11-06T00:00:00Z')),
    ];
    // 14 days of 24 hours each, less the spring hour, plus the autumn one.
    expect(rows).toHaveLength(2 * 14 * 24);
    const fit = fitBaseline(rows.map(toEnergyInterval), { interval: 'hour', features: ['hour_of_day'] });
    // energy = 4 + local hour exactly: intercept 4, hour-of-day k coefficient k.
    expect(fit.params.intercept).toBeCloseTo(4, 9);
    fit.params.coefficients.forEach((coefficient, k) => expect(coefficient).toBeCloseTo(k + 1, 9));
    expect(fit.statistics.n).toBe(rows.length);
  });
});
