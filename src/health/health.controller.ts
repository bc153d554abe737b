import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
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
  @ApiOperation({
    summary: 'Readiness: database reachable (1.5 s timeout), migrations applied, not draining',
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body names the failing check' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    // The terminus body (which check failed) is what operators need, so it is returned as is with 503.
    try {
      return await this.checkReadiness();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse();
    }
  }

  private checkReadiness() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('shutdown');
        if (this.shutdown.isDraining()) return indicator.down({ draining: true });
        return indicator.up();
      },
      () => this.database.pingCheck('database', { timeout: 1500 }),
      async () => {
        const indicator = this.indicators.check('migrations');
        try {
          return (await pendingMigrations(this.dataSource))
            ? indicator.down({ pending: true })
            : indicator.up();
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
