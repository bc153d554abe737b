import { CronTime } from 'cron';
import { scheduledTick } from './tick';

const at = (iso: string) => new Date(iso);

describe('scheduledTick', () => {
  it('names the scheduled minute, however many milliseconds or seconds later the timer fired', () => {
    const hourly = new CronTime('15 * * * *', 'UTC');
    expect(scheduledTick(hourly, at('2026-11-27T10:15:00.004Z'))).toEqual(at('2026-11-27T10:15:00.000Z'));
    expect(scheduledTick(hourly, at('2026-11-27T10:15:42.000Z'))).toEqual(at('2026-11-27T10:15:00.000Z'));
  });

  it('names the second when the expression fires every second, so that ticks stay apart', () => {
    const everySecond = new CronTime('0-9 5 10 * * *', 'UTC');
    expect(scheduledTick(everySecond, at('2026-11-27T10:05:03.002Z'))).toEqual(
      at('2026-11-27T10:05:03.000Z'),
    );
    expect(scheduledTick(everySecond, at('2026-11-27T10:05:04.000Z'))).toEqual(
      at('2026-11-27T10:05:04.000Z'),
    );
  });

  it('never names a moment the schedule does not have when a timer fires late', () => {
    const everySecond = new CronTime('0-9 5 10 * * *', 'UTC');
    // The timer of 10:05:09 fires 1.5 s late: still 10:05:09, not 10:05:10 (which is not scheduled).
    expect(scheduledTick(everySecond, at('2026-11-27T10:05:10.500Z'))).toEqual(
      at('2026-11-27T10:05:09.000Z'),
    );
  });

  it('gives up on a timer later than the limit', () => {
    const hourly = new CronTime('15 * * * *', 'UTC');
    expect(scheduledTick(hourly, at('2026-11-27T10:16:00.001Z'), 60_000)).toBeUndefined();
  });
});
