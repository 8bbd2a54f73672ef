import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join, dirname } from 'node:path';
import { useAllInOne } from './support/all-in-one-harness';
import { adminClient, call, codeOf, serviceAt, type AdminClient, type Page } from './support/grpc-admin-client';
import { waitFor } from './support/test-environment';

interface ReflectionResponse {
  list_services_response: { service: Array<{ name: string }> };
}

/** Lists the services a server announces through gRPC server reflection (grpc.reflection.v1). */
function reflectedServices(address: string): Promise<string[]> {
  const reflectionProto = join(dirname(require.resolve('@grpc/reflection')), '..', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto');
  const ServerReflection = serviceAt(grpc.loadPackageDefinition(protoLoader.loadSync(reflectionProto, { keepCase: true })), 'grpc.reflection.v1.ServerReflection');
  const client = new ServerReflection(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse>;
  };
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (response: ReflectionResponse) => {
      resolve(response.list_services_response.service.map((s: { name: string }) => s.name));
      stream.end();
    });
    stream.on('error', reject);
    stream.write({ list_services: '' });
  }).finally(() => client.close()) as Promise<string[]>;
}

describe('delivery-log over gRPC (hookstream.admin.v1.AdminService)', () => {
  const h = useAllInOne();
  let client: AdminClient;
  let token: string;
  let app: { id: string };
  let other: { id: string };
  let endpoint: { id: string };
  let msgId: string;

  beforeAll(async () => {
    client = adminClient(h.hookstream.grpcAddress!);
    token = h.env.adminToken;
    app = await h.client.app('Renders');
    other = await h.client.app('Other');
    endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/grpc') });
    await h.client.publish(app.id, { eventId: 'evt_grpc_1', eventType: 'render.completed', payload: { job: 'j1', frames: 3 } });
    msgId = await waitFor(async () => {
      const { body } = await h.client.api.request<{ data: Array<{ id: string }> }>('GET', `/api/v1/app/${app.id}/msg`);
      return body.data[0]?.id;
    }, 10_000, 'the message');
    await h.client.finalStatus(app.id, msgId, endpoint.id);
  });

  afterAll(() => client?.close());

  it('reads the app, its endpoints, the message and its attempts', async () => {
    const got = await call(client, 'GetApplication', { app: app.id }, token);
    expect(got).toMatchObject({ id: app.id, name: 'Renders' });

    const endpoints = await call<Page<{ id: string }>>(client, 'ListEndpoints', { app: app.id }, token);
    expect(endpoints.data.map((e) => e.id)).toEqual([endpoint.id]);
    expect(endpoints.data[0]).toMatchObject({ url: h.receiver.url('/grpc'), disabled: false });
    expect(endpoints.done).toBe(true);

    const message = await call<{ payloadJson: string }>(client, 'GetMessage', { app: app.id, msg: 'evt_grpc_1' }, token);
    expect(message).toMatchObject({ id: msgId, eventType: 'render.completed', eventId: 'evt_grpc_1' });
    expect(JSON.parse(message.payloadJson)).toEqual({ job: 'j1', frames: 3 });

    const attempts = await call<Page<unknown>>(client, 'ListAttemptsByMessage', { app: app.id, msg: msgId }, token);
    expect(attempts.data).toHaveLength(1);
    expect(attempts.data[0]).toMatchObject({ msgId, endpointId: endpoint.id, responseStatusCode: 200, status: 0, statusText: 'success', triggerType: 0 });
  });

  it('resends a message: a manual attempt follows; stats count the delivery', async () => {
    expect(await call(client, 'ResendMessage', { app: app.id, msg: msgId, endpoint: endpoint.id }, token)).toEqual({});
    const manual = await waitFor(async () => {
      const attempts = await call<Page<{ triggerType: number }>>(client, 'ListAttemptsByMessage', { app: app.id, msg: msgId }, token);
      return attempts.data.find((a) => a.triggerType === 1);
    }, 15_000, 'a manual attempt');
    expect(manual).toMatchObject({ endpointId: endpoint.id, statusText: 'success' });

    const stats = await call(client, 'GetEndpointStats', { app: app.id, endpoint: endpoint.id }, token);
    expect(stats).toEqual({ success: 1, pending: 0, sending: 0, fail: 0, canceled: 0 });
  });

  it("reads an endpoint's health: enabled, circuit closed, both attempts succeeded", async () => {
    const health = await call(client, 'GetEndpointHealth', { app: app.id, endpoint: endpoint.id }, token);
    expect(health).toMatchObject({ disabled: false, circuit: { state: 'closed' }, successRate: { window: 100, attempts: 2, succeeded: 2, rate: 1 } });
    expect(health).not.toHaveProperty('disabledReason');
    expect((health as { lastAttempts: unknown[] }).lastAttempts).toEqual([
      expect.objectContaining({ status: 0, responseStatusCode: 200 }),
      expect.objectContaining({ status: 0, responseStatusCode: 200 }),
    ]);
  });

  it('recovers an endpoint as a background task', async () => {
    const recovered = await call<{ id: string }>(client, 'RecoverEndpoint', { app: app.id, endpoint: endpoint.id, since: new Date(Date.now() - 3600_000).toISOString() }, token);
    expect(recovered).toMatchObject({ task: 'endpoint.recover' });
    expect(recovered.id).toBeTruthy();
  });

  it('announces AdminService through server reflection', async () => {
    expect(await reflectedServices(h.hookstream.grpcAddress!)).toContain('hookstream.admin.v1.AdminService');
  });

  it('checks tokens as REST does', async () => {
    expect(await codeOf(call(client, 'GetApplication', { app: app.id }, ''))).toBe(grpc.status.UNAUTHENTICATED);
    expect(await codeOf(call(client, 'GetApplication', { app: app.id }, 'not-the-operator-token'))).toBe(grpc.status.UNAUTHENTICATED);
    expect(await codeOf(call(client, 'GetMessage', { app: app.id, msg: 'nope' }, token))).toBe(grpc.status.NOT_FOUND);

    const { body } = await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${app.id}`, {});
    expect(await call(client, 'GetMessage', { app: app.id, msg: msgId }, body.token)).toMatchObject({ id: msgId });
    expect(await codeOf(call(client, 'GetApplication', { app: other.id }, body.token))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(call(client, 'ListApplications', {}, body.token))).toBe(grpc.status.PERMISSION_DENIED);
    const all = await call<Page<{ id: string }>>(client, 'ListApplications', {}, token);
    expect(all.data.map((a) => a.id)).toEqual(expect.arrayContaining([app.id, other.id]));
  });
});
