import { registerAs } from '@nestjs/config';
import { IsBoolean } from 'class-validator';
import { EnvBoolean, IsCronExpression, loadConfig } from './validate-config';

export class AbTestsConfig {
  /** When a test's end has passed, promote a statistically significant winner without a person. */
  @EnvBoolean() @IsBoolean() autoPromote: boolean = false;
  @IsCronExpression() completionCron: string = '*/10 * * * *';
}

export const abTestsConfig = registerAs('abTests', () =>
  loadConfig(AbTestsConfig, {
    autoPromote: 'AB_TEST_AUTO_PROMOTE',
    completionCron: 'AB_TEST_COMPLETION_CRON',
  }),
);
