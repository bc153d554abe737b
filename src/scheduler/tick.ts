/**
 * Which tick a cron firing belongs to. Every replica fires on its own timer and names the tick it
 * fired for; scheduler_ticks lets one of them run it. cron fires at or just after the scheduled
 * moment, so "now" cut down to the expression's resolution names the same tick on every replica.
 */
import { CronTime } from 'cron';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/**
 * The minute, which tolerates up to a minute of timer lag between replicas; the second when the
 * expression fires several times a minute (a seconds field with more than one value), where a
 * minute would merge distinct ticks into one run.
 */
export function tickResolutionMs(expression: string): number {
  const [seconds] = new CronTime(expression).toJSON();
  return /^\d+$/.test(seconds) ? MINUTE_MS : SECOND_MS;
}

export function tickOf(firedAt: Date, resolutionMs: number): Date {
  return new Date(Math.floor(firedAt.getTime() / resolutionMs) * resolutionMs);
}
