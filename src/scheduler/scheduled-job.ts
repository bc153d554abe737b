/**
 * How a feature module gives the scheduler a job: one `scheduledJob(...)` provider in its own
 * module, naming the job, the service it calls, the configuration its cron expression comes from,
 * and the run (a thin call into that service). The scheduler discovers every such provider, so a
 * new job changes nothing outside its module.
 */
import type { FactoryProvider, Type } from '@nestjs/common';
import type { ConfigFactoryKeyHost } from '@nestjs/config';

export class ScheduledJob {
  constructor(
    readonly name: string,
    readonly cron: string,
    readonly run: () => Promise<object>,
  ) {}
}

export function scheduledJob<S, C>(
  name: string,
  service: Type<S>,
  config: (() => C) & ConfigFactoryKeyHost<C>,
  define: { cron: (config: C) => string; run: (service: S) => Promise<object> },
): FactoryProvider<ScheduledJob> {
  return {
    provide: `scheduled job ${name}`,
    inject: [service, config.KEY],
    useFactory: (instance: S, values: C) =>
      new ScheduledJob(name, define.cron(values), () => define.run(instance)),
  };
}
