/**
 * Refuses input a handler does not take: query parameters where it declares no @Query(), a body
 * where it declares neither @Body() nor @Req() (the CSV upload reads its stream). The validation
 * pipe never sees those, so without this guard a typo'd parameter or a stray body would be
 * ignored silently and the request would still act. An empty body ({} or nothing) is not input.
 * The predecessor's seven endpoints (@PredecessorContract) drop what they do not declare instead.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { FieldProblem } from './domain-error';
import { declaredProperties, PREDECESSOR_CONTRACT } from './predecessor-contract';
import { invalidRequest } from './validation';
import { ErrorCode } from './error-codes';

@Injectable()
export class UndeclaredInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const declared = new Set(
      Object.keys(
        (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
          {}) as Record<string, unknown>,
      ).map((key) => Number(key.split(':')[0])),
    );
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (Reflect.getMetadata(PREDECESSOR_CONTRACT, context.getHandler()) === true) {
      dropUndeclaredQuery(context, request);
      return true;
    }
    const problems: FieldProblem[] = [];
    if (!declared.has(RouteParamtypes.QUERY))
      for (const name of Object.keys((request.query ?? {}) as object))
        problems.push({ field: name, message: 'this endpoint takes no query parameters' });
    if (
      !declared.has(RouteParamtypes.BODY) &&
      !declared.has(RouteParamtypes.REQUEST) &&
      hasContent(request.body)
    )
      problems.push({ field: 'body', message: 'this endpoint takes no body' });
    if (problems.length > 0) throw invalidRequest(problems, ErrorCode.REQUEST_UNDECLARED_INPUT);
    return true;
  }
}

/** Deletes the query parameters the handler's @Query() DTO does not declare, as FastAPI ignored them. */
function dropUndeclaredQuery(context: ExecutionContext, request: FastifyRequest): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, { index: number }>;
  const types = (Reflect.getMetadata(
    'design:paramtypes',
    context.getClass().prototype as object,
    context.getHandler().name,
  ) ?? []) as unknown[];
  const queryArg = Object.entries(args).find(
    ([key]) => Number(key.split(':')[0]) === Number(RouteParamtypes.QUERY),
  );
  const declared = queryArg ? declaredProperties(types[queryArg[1].index]) : new Set<string>();
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(query)) if (!declared.has(name)) delete query[name];
}

function hasContent(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return false;
  return !(typeof body === 'object' && body.constructor === Object && Object.keys(body).length === 0);
}
