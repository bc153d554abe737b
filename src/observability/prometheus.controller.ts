import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { registry } from './prometheus';

@ApiTags('operations')
@Controller('metrics')
export class PrometheusController {
  @Get()
  @Header('content-type', registry.contentType)
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({
    schema: { type: 'string', example: 'http_request_duration_seconds_bucket{le="0.005",...} 3' },
  })
  scrape(): Promise<string> {
    return registry.metrics();
  }
}
