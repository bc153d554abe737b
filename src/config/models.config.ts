import { registerAs } from '@nestjs/config';
import { IsIn } from 'class-validator';
import { loadConfig } from './validate-config';

export const ACTIVATION_POLICIES = ['if_not_worse', 'always', 'manual'] as const;
export type ActivationPolicy = (typeof ACTIVATION_POLICIES)[number];

/** The model registry's settings. */
export class ModelsConfig {
  /** if_not_worse: a new version becomes active when its validation error is no worse than the active one's. */
  @IsIn(ACTIVATION_POLICIES) activationPolicy: ActivationPolicy = 'if_not_worse';
}

export const modelsConfig = registerAs('models', () =>
  loadConfig(ModelsConfig, { activationPolicy: 'MODEL_ACTIVATION_POLICY' }),
);
