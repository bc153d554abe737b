/**
 * Every configuration namespace, registered once: main.ts validates them all before anything
 * starts (a bad variable exits 78 naming it), AppModule loads them globally for injection.
 */
import { abTestsConfig } from './ab-tests.config';
import { alertsConfig } from './alerts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { modelsConfig } from './models.config';
import { monitoringConfig } from './monitoring.config';
import { schedulerConfig } from './scheduler.config';
import { securityConfig } from './security.config';
import { trainingConfig } from './training.config';

export const CONFIGURATIONS = [
  appConfig,
  databaseConfig,
  modelsConfig,
  trainingConfig,
  monitoringConfig,
  schedulerConfig,
  abTestsConfig,
  alertsConfig,
  securityConfig,
];
