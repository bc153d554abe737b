/**
 * How a feature module gives the scheduler a job: one provider in its own module, naming the job,
 * the service it calls and the configuration its cron expression comes from. The scheduler
 * discovers every such provider, so a new job changes nothing outside its module.
 *
 * - `scheduledJob`: the tick runs in the replica that claims it (cheap jobs: cleanup, A/B ends).
 * - `fannedOutJob`: the claiming replica only lists the tick's items (one per model or machine)
 *   and enqueues them; worker processes handle each on its own (scheduled-work.runner.ts), so the
 *   work of ten thousand models scales with the workers and one failing model holds up no other.
 */
import type { FactoryProvider, Type } from '@nestjs/common';
import type { ConfigFactoryKeyHost } from '@nestjs/config';

/** What one item did, as counts (summed over the tick in its outcome): `{ evaluated: 1, stale: 1 }`. */
export type ItemOutcome = Record<string, number>;

export interface FanOut {
  /** The tick's items (model or machine ids), listed by the replica that claims the tick. */
  items: () => Promise<string[]>;
  /** One item, on a worker; `tick` stands for "now" (the moment the job runs for). */
  handle: (item: string, tick: Date) => Promise<ItemOutcome>;
}

export type JobWork = { kind: 'inline'; run: () => Promise<object> } | ({ kind: 'fan_out' } & FanOut);

export class ScheduledJob {
  constructor(
    readonly name: string,
    readonly cron: string,
    readonly work: JobWork,
  ) {}
}

type JobConfig<C> = (() => C) & ConfigFactoryKeyHost<C>;

function jobProvider<S, C>(
  name: string,
  service: Type<S>,
  config: JobConfig<C>,
  cron: (config: C) => string,
  work: (service: S) => JobWork,
): FactoryProvider<ScheduledJob> {
  return {
    provide: `scheduled job ${name}`,
    inject: [service, config.KEY],
    useFactory: (instance: S, values: C) => new ScheduledJob(name, cron(values), work(instance)),
  };
}

export function scheduledJob<S, C>(
  name: string,
  service: Type<S>,
  config: JobConfig<C>,
  define: { cron: (config: C) => string; run: (service: S) => Promise<object> },
): FactoryProvider<ScheduledJob> {
  return jobProvider(name, service, config, define.cron, (instance) => ({
    kind: 'inline',
    run: () => define.run(instance),
  }));
}

/** A service that does a fanned-out job's work: it lists the tick's items and handles one. */
export interface FannedOutWork {
  /** The tick's items (model or machine ids), listed by the replica that claims the tick. */
  listScheduledItems(): Promise<string[]>;
  /** One item, on a worker; `tick` stands for "now" (the moment the job runs for). */
  runScheduledItem(item: string, tick: Date): Promise<ItemOutcome>;
}

export function fannedOutJob<S extends FannedOutWork, C>(
  name: string,
  service: Type<S>,
  config: JobConfig<C>,
  cron: (config: C) => string,
): FactoryProvider<ScheduledJob> {
  return jobProvider(name, service, config, cron, (instance) => ({
    kind: 'fan_out',
    items: () => instance.listScheduledItems(),
    handle: (item, tick) => instance.runScheduledItem(item, tick),
  }));
}
