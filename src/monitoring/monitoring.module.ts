import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { monitoringConfig } from '../config/monitoring.config';
import { DriftModule } from '../drift/drift.module';
import { MachinesModule } from '../machines/machines.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { fannedOutJob } from '../scheduler/scheduled-job';
import { TrainingModule } from '../training/training.module';
import { AlertRulesService } from './alert-rules.service';
import { EvaluationService } from './evaluation.service';
import { MonitoringController } from './monitoring.controller';
import { RetrainPolicyService } from './retrain-policy.service';

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
    // Fanned out: the replica that takes a tick lists the models (machines); the workers take each.
    fannedOutJob('daily_evaluation', EvaluationService, monitoringConfig, (config) => config.evaluationCron),
    fannedOutJob(
      'weekly_baseline_retrain',
      RetrainPolicyService,
      monitoringConfig,
      (config) => config.weeklyRetrainCron,
    ),
  ],
  exports: [EvaluationService],
})
export class MonitoringModule {}
