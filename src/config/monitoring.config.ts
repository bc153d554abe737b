import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';
import { EnvBoolean, IsCronExpression, loadConfig } from './validate-config';

/** Drift thresholds, schedules and the automatic retraining policy (README: "The monitoring loop"). */
export class MonitoringConfig {
  @IsNumber() @Min(0.01) @Max(10) performanceRelativeChange: number = 0.25;
  @IsNumber() @Min(0.01) @Max(10) psiThreshold: number = 0.2;
  @IsNumber() @Min(0.0001) @Max(0.5) ksPValue: number = 0.05;
  @IsNumber() @Min(0) @Max(5) cusumK: number = 0.5;
  @IsNumber() @Min(0.5) @Max(50) cusumH: number = 5;
  /** Retrain automatically on drift / performance degradation. */
  @EnvBoolean() @IsBoolean() autoRetrain: boolean = true;
  /** No second automatic retrain of the same machine and model type within this many hours. */
  @IsInt() @Min(0) @Max(720) autoRetrainCooldownHours: number = 24;
  @IsCronExpression() evaluationCron: string = '30 0 * * *';
  @IsCronExpression() weeklyRetrainCron: string = '0 2 * * 0';
  @IsCronExpression() anomalyDetectionCron: string = '5 * * * *';
}

export const monitoringConfig = registerAs('monitoring', () =>
  loadConfig(MonitoringConfig, {
    performanceRelativeChange: 'DRIFT_PERFORMANCE_RELATIVE_CHANGE',
    psiThreshold: 'DRIFT_PSI_THRESHOLD',
    ksPValue: 'DRIFT_KS_P_VALUE',
    cusumK: 'DRIFT_CUSUM_K',
    cusumH: 'DRIFT_CUSUM_H',
    autoRetrain: 'AUTO_RETRAIN',
    autoRetrainCooldownHours: 'AUTO_RETRAIN_COOLDOWN_HOURS',
    evaluationCron: 'EVALUATION_CRON',
    weeklyRetrainCron: 'WEEKLY_RETRAIN_CRON',
    anomalyDetectionCron: 'ANOMALY_DETECTION_CRON',
  }),
);
