/**
 * Calendar days of a timezone as instants, from Intl alone (no tz database of our own). Pure and
 * free of Node and Nest, so the service and the web page (which imports this file) share it.
 */

/** Offset of `timezone` at `instant` (ms since the epoch): how far its wall clock is ahead of UTC, in ms. */
export function zoneOffsetMs(timezone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)!.value);
  const wallClock = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/**
 * Local midnight of a YYYY-MM-DD date in `timezone`, as an instant (e.g. "2015-01-01" in Asia/Seoul
 * is 2014-12-31T15:00:00.000Z). The second pass settles days whose offset differs from the offset at
 * UTC midnight (daylight saving changes).
 */
export function localMidnight(date: string, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - zoneOffsetMs(timezone, guess);
  return new Date(guess - zoneOffsetMs(timezone, first));
}
