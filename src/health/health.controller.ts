import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '../database/migrate';
import { ShutdownState } from './shutdown-state';

/** Kubernetes probes: liveness (the process answers) and readiness (it can do its work). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable (1.5 s timeout), migrations applied, not draining' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body names the failing check' })
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('shutdown');
        if (this.shutdown.isDraining()) return indicator.down({ draining: true });
        return indicator.up();
      },
      () => this.database.pingCheck('database', { timeout: 1500 }),
      async () => {
        const indicator = this.indicators.check('migrations');
        const pending = await pendingMigrations(this.dataSource);
        return pending ? indicator.down({ pending: true }) : indicator.up();
      },
    ]);
  }
}

