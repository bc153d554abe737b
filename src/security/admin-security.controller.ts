/** Admin endpoints of access control: API keys (create, list, revoke) and the audit trail. */
import { applyDecorators, Body, Controller, Delete, Get, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiBadRequestProblem, ApiNotFoundProblem } from '../common/api-errors';
import { UuidPipe } from '../common/uuid.pipe';
import { ApiKeysService } from './api-keys.service';
import { AuditService } from './audit.service';
import {
  ApiKeyDto,
  ApiKeyListQuery,
  ApiKeyPageDto,
  AuditPageDto,
  AuditQuery,
  CreateApiKeyDto,
  CreatedApiKeyDto,
} from './dto/security.dto';
import { principalOf } from './principal';

const AuthProblems = () =>
  applyDecorators(
    ApiResponse({ status: 401, description: 'No or unknown credentials (problem+json, AUTH.*)' }),
    ApiResponse({ status: 403, description: 'The key is not an admin key (AUTH.ROLE_TOO_WEAK)' }),
  );

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@AuthProblems()
@Controller('admin')
export class AdminSecurityController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  @Post('api-keys')
  @ApiOperation({
    summary: 'Create an API key (admin); the key is in this response only, the service keeps its SHA-256',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestProblem('Invalid request: role', 'role')
  create(@Body() body: CreateApiKeyDto, @Req() request: FastifyRequest) {
    return this.keys.create(body.name, body.role, principalOf(request)?.actor ?? 'anonymous');
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'API keys created through this API (admin), newest first, without the keys' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Query() query: ApiKeyListQuery) {
    return this.keys.list(query.include_revoked, query.limit, query.offset);
  }

  @Delete('api-keys/:id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: 'Revoke an API key (admin): it answers 401 from now on; the row stays for the audit',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundProblem('api key')
  revoke(@Param('id', new UuidPipe('id')) id: string) {
    return this.keys.revoke(id);
  }

  @Get('audit')
  @ApiOperation({
    summary:
      'The audit trail (admin): every change request with actor, action, target ids and status, newest first',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestProblem('Invalid request: since', 'since')
  search(@Query() query: AuditQuery) {
    return this.audit.search(query);
  }
}
