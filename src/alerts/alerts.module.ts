import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { alertsConfig } from '../config/alerts.config';
import { AlertNotifier } from './alert-notifier';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  imports: [ConfigModule.forFeature(alertsConfig)],
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertNotifier],
  exports: [AlertsService],
})
export class AlertsModule {}
