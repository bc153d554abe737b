/**
 * Access control (API keys, JWT), the audit trail and rate limits. The guards are registered as
 * APP_GUARD in AppModule (access first, then limits); the audit hook in app.factory.
 */
import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig } from '../config/security.config';
import { AccessGuard } from './access.guard';
import { AdminSecurityController } from './admin-security.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { Authenticator } from './authenticator.service';
import { rateLimitOptions } from './rate-limit.guard';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: (config: ConfigType<typeof securityConfig>) => rateLimitOptions(config),
    }),
  ],
  controllers: [AdminSecurityController],
  providers: [ApiKeysRepository, ApiKeysService, AuditRepository, AuditService, Authenticator, AccessGuard],
  exports: [AuditService, Authenticator, AccessGuard, ThrottlerModule],
})
export class SecurityModule {}
