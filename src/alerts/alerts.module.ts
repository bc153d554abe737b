import { Module } from '@nestjs/common';
import { AlertNotifier } from './alert-notifier';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertNotifier],
  exports: [AlertsService],
})
export class AlertsModule {}
