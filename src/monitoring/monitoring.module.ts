import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { monitoringConfig } from '../config/monitoring.config';
import { DriftModule } from '../drift/drift.module';
import { MachinesModule } from '../machines/machines.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { scheduledJob } from '../scheduler/scheduled-job';
import { TrainingModule } from '../training/training.module';
import { AlertRulesService } from './alert-rules.service';
import { EvaluationService } from './evaluation.service';
import { MonitoringController } from './monitoring.controller';
import { RetrainPolicyService } from './retrain-policy.service';
import { WeeklyRetrainService } from './weekly-retrain.service';

/** The monitoring loop: evaluation, the alert rules, the retrain policy and their scheduled jobs. */
@Module({
  imports: [
    AlertsModule,
    AnomaliesModule,
    DriftModule,
    MachinesModule,
    MetricsModule,
    ModelsModule,
    TrainingModule,
  ],
  controllers: [MonitoringController],
  providers: [
    EvaluationService,
    AlertRulesService,
    RetrainPolicyService,
    WeeklyRetrainService,
    scheduledJob('daily_evaluation', EvaluationService, monitoringConfig, {
      cron: (config) => config.evaluationCron,
      run: (evaluation) => evaluation.evaluateActiveModels(),
    }),
    scheduledJob('weekly_baseline_retrain', WeeklyRetrainService, monitoringConfig, {
      cron: (config) => config.weeklyRetrainCron,
      run: (weekly) => weekly.triggerAll(),
    }),
  ],
  exports: [EvaluationService],
})
export class MonitoringModule {}
