import { Controller, UseGuards } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ADMIN_GRPC_SERVICE, type AppId, type EndpointHealthOut, type ListResponse } from '@hookstream/contracts';
import { AuthGuard, OperatorOnly, rpcExceptionOf, type PageRequest } from '@hookstream/platform';
import { toAttemptOut, toBackgroundTaskOut, toEndpointStats, toMessageOut } from '../api/delivery-log.mapper';
import type { AppProjection, EndpointProjection } from '../persistence/entities';
import { EndpointHealthQuery } from '../queries/endpoint-health.query';
import { LogQueries } from '../queries/log-queries';
import { toPageResponse } from '../queries/paging';
import { RecoverEndpoint } from '../use-cases/recover-endpoint/recover-endpoint';
import { ResendMessage } from '../use-cases/resend-message/resend-message';

// Requests as @grpc/proto-loader hands them over (lowerCamelCase, unset optional fields undefined).
interface PageIn { limit?: number; iterator?: string; order?: string }
interface AppIn { app: string }
interface EndpointIn extends AppIn { endpoint: string }
interface MessageIn extends AppIn { msg: string; withContent?: boolean }

/**
 * `hookstream.admin.v1.AdminService` (libs/contracts/proto/hookstream/admin/v1/admin.proto): the REST
 * operations of delivery-log over gRPC, through the same queries and use cases, behind the same guard and tokens
 * (`authorization: Bearer …` metadata): missing or wrong → UNAUTHENTICATED, another app's → NOT_FOUND,
 * operator-only calls with an app token → PERMISSION_DENIED. The gRPC transport does not inherit the HTTP app's
 * global guard, hence `@UseGuards` here.
 */
@Controller()
@UseGuards(AuthGuard)
export class AdminGrpcController {
  constructor(
    private readonly queries: LogQueries,
    private readonly resendMessage: ResendMessage,
    private readonly recoverEndpoint: RecoverEndpoint,
    private readonly health: EndpointHealthQuery,
  ) {}

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'GetApplication')
  getApplication(request: AppIn) {
    return this.call(async () => toApplicationOut(await this.app(request.app)));
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'ListApplications')
  @OperatorOnly()
  listApplications(request: { page?: PageIn }) {
    return this.call(async () => {
      const page = pageOf(request.page, 'ascending');
      return listOut(toPageResponse(await this.queries.listApps(page), page, toApplicationOut));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'GetEndpoint')
  getEndpoint(request: EndpointIn) {
    return this.call(async () => {
      const app = await this.app(request.app);
      return toEndpointOut(await this.queries.endpoint(app.id, request.endpoint));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'ListEndpoints')
  listEndpoints(request: AppIn & { page?: PageIn }) {
    return this.call(async () => {
      const app = await this.app(request.app);
      const page = pageOf(request.page, 'ascending');
      return listOut(toPageResponse(await this.queries.listEndpoints(app.id, page), page, toEndpointOut));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'GetMessage')
  getMessage(request: MessageIn) {
    return this.call(async () => {
      const app = await this.app(request.app);
      return toMessageGrpc(toMessageOut(await this.queries.message(app.id, request.msg), request.withContent ?? true));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'ListMessages')
  listMessages(
    request: AppIn & { page?: PageIn; eventTypes?: string[]; channel?: string; tag?: string; before?: string; after?: string; withContent?: boolean },
  ) {
    return this.call(async () => {
      const app = await this.app(request.app);
      const page = pageOf(request.page, 'descending');
      const filter = {
        eventTypes: request.eventTypes?.length ? request.eventTypes : undefined,
        channel: request.channel || undefined,
        tag: request.tag || undefined,
        before: dateOf(request.before, 'before'),
        after: dateOf(request.after, 'after'),
      };
      const found = await this.queries.listMessages(app.id, filter, page);
      return listOut(toPageResponse(found, page, (message) => toMessageGrpc(toMessageOut(message, request.withContent ?? true))));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'ListAttemptsByMessage')
  listAttemptsByMessage(request: MessageIn & { page?: PageIn }) {
    return this.call(async () => {
      const app = await this.app(request.app);
      const message = await this.queries.message(app.id, request.msg);
      const page = pageOf(request.page, 'descending');
      const found = await this.queries.listAttempts(app.id, { msgId: message.id }, {}, page);
      return listOut(toPageResponse(found, page, (attempt) => toAttemptOut(attempt, request.withContent ?? true)));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'ResendMessage')
  resend(request: MessageIn & { endpoint: string }) {
    return this.call(async () => {
      const app = await this.app(request.app);
      await this.resendMessage.execute({ appId: app.id, msg: request.msg, endpoint: request.endpoint });
      return {};
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'RecoverEndpoint')
  recover(request: EndpointIn & { since: string; until?: string }) {
    return this.call(async () => {
      const app = await this.app(request.app);
      const since = dateOf(request.since, 'since');
      if (!since) throw invalid('since is required (RFC 3339)');
      const task = await this.recoverEndpoint.execute({ appId: app.id, endpoint: request.endpoint, since, until: dateOf(request.until, 'until') ?? null });
      const { data: _data, ...recoverOut } = toBackgroundTaskOut(task);
      return recoverOut;
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'GetEndpointStats')
  stats(request: EndpointIn & { since?: string; until?: string }) {
    return this.call(async () => {
      const app = await this.app(request.app);
      const endpoint = await this.queries.endpoint(app.id, request.endpoint);
      return toEndpointStats(await this.queries.endpointStats(app.id, endpoint.id, dateOf(request.since, 'since'), dateOf(request.until, 'until')));
    });
  }

  @GrpcMethod(ADMIN_GRPC_SERVICE, 'GetEndpointHealth')
  getEndpointHealth(request: EndpointIn) {
    return this.call(async () => {
      const app = await this.app(request.app);
      return toEndpointHealthGrpc(await this.health.of(await this.queries.endpoint(app.id, request.endpoint)));
    });
  }

  /** Runs a call and turns the HTTP exceptions the shared code throws into gRPC statuses. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw rpcExceptionOf(error);
    }
  }

  /** The app a call names (the guard has checked it against the token and put its id in place). */
  private async app(appIdOrUid: string): Promise<AppProjection> {
    if (!appIdOrUid) throw invalid('app is required');
    return this.queries.app(appIdOrUid);
  }
}

function invalid(message: string): RpcException {
  return new RpcException({ code: GrpcStatus.INVALID_ARGUMENT, message });
}

function pageOf(page: PageIn | undefined, defaultOrder: 'ascending' | 'descending'): PageRequest {
  const limit = page?.limit ? page.limit : 50;
  if (limit < 1 || limit > 250) throw invalid('page.limit must be between 1 and 250');
  const order = page?.order || defaultOrder;
  if (order !== 'ascending' && order !== 'descending') throw invalid('page.order must be "ascending" or "descending"');
  return { limit, iterator: page?.iterator || undefined, descending: order === 'descending' };
}

function dateOf(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`${name} must be an RFC 3339 timestamp`);
  return date;
}

function listOut<T>(list: ListResponse<T>) {
  return { data: list.data, iterator: list.iterator ?? undefined, prevIterator: list.prevIterator ?? undefined, done: list.done };
}

function toApplicationOut(app: AppProjection) {
  return { id: app.id as AppId, uid: app.uid ?? undefined, name: app.name, updatedAt: app.updatedAt.toISOString() };
}

function toEndpointOut(endpoint: EndpointProjection) {
  return {
    id: endpoint.id, uid: endpoint.uid ?? undefined, url: endpoint.url, disabled: endpoint.disabled, updatedAt: endpoint.updatedAt.toISOString(),
    disabledReason: (endpoint.disabled && endpoint.disabledReason) || undefined,
    disabledAt: (endpoint.disabled && endpoint.disabledAt?.toISOString()) || undefined,
  };
}

function toEndpointHealthGrpc(health: EndpointHealthOut) {
  const { circuit, successRate } = health;
  return {
    ...health,
    disabledReason: health.disabledReason ?? undefined,
    disabledAt: health.disabledAt ?? undefined,
    circuit: { state: circuit.state, since: circuit.since ?? undefined, replicaId: circuit.replicaId ?? undefined },
    successRate: { ...successRate, rate: successRate.rate ?? undefined },
  };
}

function toMessageGrpc(message: ReturnType<typeof toMessageOut>) {
  const { payload, channels, tags, eventId, ...rest } = message;
  return { ...rest, eventId: eventId ?? undefined, payloadJson: JSON.stringify(payload), channels: channels ?? [], tags: tags ?? [] };
}
