/**
 * Which tick a cron firing belongs to. Every replica fires on its own timer and names the tick it
 * fired for; mps_scheduler_ticks lets one of them run it.
 */
import type { CronTime } from 'cron';

/** A timer this late is not a firing of any tick any more; it is skipped (and logged). */
const MAX_TIMER_LAG_MS = 60_000;

/**
 * The latest moment of the schedule at or before `firedAt`. cron fires at or after the scheduled
 * moment, so replicas a few milliseconds apart name the same tick at any resolution (an
 * expression may fire every second); and a late timer (a busy event loop) can only name a moment
 * that really is scheduled, which a replica on time has claimed already, never invent an extra
 * one, as rounding the time down would. Undefined when no moment lies within `maxLagMs`.
 */
export function scheduledTick(
  schedule: CronTime,
  firedAt: Date,
  maxLagMs = MAX_TIMER_LAG_MS,
): Date | undefined {
  let latest: Date | undefined;
  // getNextDateFrom answers the first scheduled moment strictly after its argument.
  let next = schedule.getNextDateFrom(new Date(firedAt.getTime() - maxLagMs - 1)).toJSDate();
  while (next <= firedAt) {
    latest = next;
    next = schedule.getNextDateFrom(next).toJSDate();
  }
  return latest;
}
