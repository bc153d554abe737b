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

/** What a handler takes, from its route metadata: read once per handler, not at every request. */
interface DeclaredInput {
  query: boolean;
  body: boolean;
  /** The predecessor's endpoints: the query parameters their DTO declares (the rest are dropped). */
  predecessorQuery: Set<string> | null;
}

@Injectable()
export class UndeclaredInputGuard implements CanActivate {
  /** By controller class and handler name, as the route metadata is kept. */
  private readonly handlers = new WeakMap<object, Map<string, DeclaredInput>>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    let ofClass = this.handlers.get(context.getClass());
    if (!ofClass) this.handlers.set(context.getClass(), (ofClass = new Map<string, DeclaredInput>()));
    let declared = ofClass.get(context.getHandler().name);
    if (!declared) ofClass.set(context.getHandler().name, (declared = declaredInput(context)));
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (declared.predecessorQuery) {
      const query = (request.query ?? {}) as Record<string, unknown>;
      for (const name of Object.keys(query)) if (!declared.predecessorQuery.has(name)) delete query[name];
      return true;
    }
    const problems: FieldProblem[] = [];
    if (!declared.query)
      for (const name of Object.keys((request.query ?? {}) as object))
        problems.push({ field: name, message: 'this endpoint takes no query parameters' });
    if (!declared.body && hasContent(request.body))
      problems.push({ field: 'body', message: 'this endpoint takes no body' });
    if (problems.length > 0) throw invalidRequest(problems, ErrorCode.REQUEST_UNDECLARED_INPUT);
    return true;
  }
}

function declaredInput(context: ExecutionContext): DeclaredInput {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, { index: number }>;
  const argOf = (type: RouteParamtypes) =>
    Object.entries(args).find(([key]) => Number(key.split(':')[0]) === Number(type));
  const queryArg = argOf(RouteParamtypes.QUERY);
  let predecessorQuery: Set<string> | null = null;
  if (Reflect.getMetadata(PREDECESSOR_CONTRACT, context.getHandler()) === true) {
    const types = (Reflect.getMetadata(
      'design:paramtypes',
      context.getClass().prototype as object,
      context.getHandler().name,
    ) ?? []) as unknown[];
    // The predecessor's endpoints drop what their @Query() DTO does not declare, as FastAPI ignored it.
    predecessorQuery = queryArg ? declaredProperties(types[queryArg[1].index]) : new Set<string>();
  }
  return {
    query: queryArg !== undefined,
    body: argOf(RouteParamtypes.BODY) !== undefined || argOf(RouteParamtypes.REQUEST) !== undefined,
    predecessorQuery,
  };
}

function hasContent(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return false;
  return !(typeof body === 'object' && body.constructor === Object && Object.keys(body).length === 0);
}
