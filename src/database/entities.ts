/** Every entity and view entity, for the data source (the app and the CLI share this list). */
import { AbTest } from '../ab-tests/entities/ab-test.entity';
import { ActiveAbTestView } from '../ab-tests/entities/active-ab-test.view';
import { Alert } from '../alerts/entities/alert.entity';
import { UnresolvedAlertView } from '../alerts/entities/unresolved-alert.view';
import { WebhookDelivery } from '../alerts/entities/webhook-delivery.entity';
import { Machine } from '../machines/entities/machine.entity';
import { EnergyReading, EnvironmentalReading, ProductionReading } from '../machines/entities/readings.entity';
import { LatestPerformanceView } from '../metrics/entities/latest-performance.view';
import { PerformanceMetric } from '../metrics/entities/performance-metric.entity';
import { ModelVersionActivation } from '../models/entities/model-version-activation.entity';
import { ModelVersion } from '../models/entities/model-version.entity';
import { TrainingJob } from '../training/entities/training-job.entity';
import { SchedulerItem } from '../scheduler/scheduler-item.entity';
import { ReferenceSampleRow } from '../drift/reference-sample.entity';
import { SchedulerTick } from '../scheduler/scheduler-tick.entity';
import { Anomaly } from '../anomalies/entities/anomaly.entity';
import { ApiKey } from '../security/entities/api-key.entity';
import { AuditEntry } from '../security/entities/audit-entry.entity';

export const ENTITIES = [
  Machine,
  EnergyReading,
  ProductionReading,
  EnvironmentalReading,
  ModelVersion,
  ModelVersionActivation,
  TrainingJob,
  PerformanceMetric,
  AbTest,
  Alert,
  WebhookDelivery,
  LatestPerformanceView,
  ActiveAbTestView,
  UnresolvedAlertView,
  SchedulerTick,
  SchedulerItem,
  ReferenceSampleRow,
  Anomaly,
  ApiKey,
  AuditEntry,
];
