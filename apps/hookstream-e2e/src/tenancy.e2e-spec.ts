import * as grpc from '@grpc/grpc-js';
import { Svix } from 'svix';
import type { ListResponse, MessageAttemptOut, MessageOut } from '@hookstream/contracts';
import { svixStatus } from './support/svix-status';
import { useAllInOne } from './support/all-in-one-harness';
import { adminClient, adminMethods, call, codeOf, type AdminClient } from './support/grpc-admin-client';
import { waitFor } from './support/test-environment';


interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A route of the OpenAPI document, its parameters filled in. */
interface Route {
  method: string;
  template: string;
  path: string;
}

/** Every route the running process documents, with `{param}`s filled from `values`. */
async function documentedRoutes(baseUrl: string, values: Record<string, string>): Promise<Route[]> {
  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.keys(operations)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => ({ method: method.toUpperCase(), template, path: template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `missing_${name}`) })),
  );
}

async function statusOf(baseUrl: string, route: Route, token: string): Promise<number> {
  const abort = AbortSignal.timeout(5000);
  const response = await fetch(`${baseUrl}${route.path}`, {
    method: route.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined,
    signal: abort,
  });
  await response.body?.cancel();
  return response.status;
}

describe('tenancy: an app token reaches its own app and nothing else', () => {
  // Limits out of the way: the walk sends hundreds of requests, a token-less one first for each route.
  const h = useAllInOne({ HOOKSTREAM_RATE_LIMIT_APP_TOKEN: '100000', HOOKSTREAM_RATE_LIMIT_ADDRESS: '100000', HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES: '100000' });
  let operator: Svix;
  let victim: { id: string; uid: string; endpoint: string; msg: string; attempt: string };
  let attacker: { id: string; uid: string };
  let attackerToken: string;

  const portalToken = async (app: string, expiry?: number) => (await operator.authentication.appPortalAccess(app, expiry ? { expiry } : {})).token;
  const as = (token: string) => new Svix(token, { serverUrl: h.hookstream.url });

  beforeAll(async () => {
    operator = new Svix(h.env.adminToken, { serverUrl: h.hookstream.url });
    const victimApp = await operator.application.create({ name: 'Victim', uid: 'victim' });
    const endpoint = await operator.endpoint.create(victimApp.id, { url: h.receiver.url('/victim') });
    const message = await operator.message.create(victimApp.id, { eventType: 'render.completed', eventId: 'evt_victim', payload: { secret: 'victim data' } });
    await h.client.finalStatus(victimApp.id, message.id, endpoint.id);
    const attempts = await h.client.attempts(victimApp.id, message.id);
    victim = { id: victimApp.id, uid: 'victim', endpoint: endpoint.id, msg: message.id, attempt: attempts[0].id };
    const attackerApp = await operator.application.create({ name: 'Attacker', uid: 'attacker' });
    attacker = { id: attackerApp.id, uid: 'attacker' };
    attackerToken = await portalToken(attacker.id);
  });

  it('issues a token bound to the app id that reads its own app by id or uid', async () => {
    const token = await portalToken(victim.uid);
    expect(token).toMatch(/^hsat_/);
    expect((await as(token).message.list(victim.id)).data.map((m) => m.id)).toEqual([victim.msg]);
    expect((await as(token).message.get(victim.uid, 'evt_victim')).payload).toEqual({ secret: 'victim data' });
    expect((await as(token).endpoint.getSecret(victim.uid, victim.endpoint)).key).toMatch(/^whsec_/);
  });

  it('walks every documented REST route with another app\'s token: 404 under that app, 403 elsewhere', async () => {
    const values = { app: victim.id, endpoint: victim.endpoint, ep: victim.endpoint, msg: victim.msg, attempt: victim.attempt, name: 'render.completed', id: 'bnd_x', task: 'qtask_x', path: 'x' };
    const routes = await documentedRoutes(h.hookstream.url, values);
    const appRoutes = routes.filter((route) => route.template.includes('{app}'));
    expect(appRoutes.length).toBeGreaterThanOrEqual(35);
    const refused: string[] = [];
    for (const route of routes) {
      if (route.template === '/api/v1/auth/logout') continue;
      if ((await statusOf(h.hookstream.url, route, 'no-token')) !== 401) continue; // public: health, metrics, console
      const expected = route.template.includes('{app}') ? [404] : route.template.startsWith('/api/v1/event-type') && route.method === 'GET' ? [200, 404] : [403];
      const got = await statusOf(h.hookstream.url, route, attackerToken);
      if (!expected.includes(got)) refused.push(`${route.method} ${route.template} answered ${got}`);
      if (route.template.includes('{app}')) {
        const byUid = await statusOf(h.hookstream.url, { ...route, path: route.path.replace(victim.id, victim.uid) }, attackerToken);
        if (byUid !== 404) refused.push(`${route.method} ${route.template} by uid answered ${byUid}`);
      }
    }
    expect(refused).toEqual([]);
    // The same walk with the victim's own token gets through the guard: the 404s above are the guard's doing.
    const own = await portalToken(victim.id);
    for (const route of appRoutes.filter((r) => r.method === 'GET' && !/events/.test(r.template))) {
      expect([route.template, await statusOf(h.hookstream.url, route, own)]).toEqual([route.template, 200]);
    }
  });

  it('walks every gRPC method with another app\'s token: NOT_FOUND, and PERMISSION_DENIED for the operator-only one', async () => {
    const client: AdminClient = adminClient(h.hookstream.grpcAddress!);
    try {
      const request = { app: victim.id, endpoint: victim.endpoint, msg: victim.msg, since: new Date(Date.now() - 3600_000).toISOString() };
      const methods = adminMethods();
      expect(methods.length).toBeGreaterThanOrEqual(11);
      for (const method of methods) {
        const expected = method === 'ListApplications' ? grpc.status.PERMISSION_DENIED : grpc.status.NOT_FOUND;
        expect([method, await codeOf(call(client, method, request, attackerToken))]).toEqual([method, expected]);
        expect([method, await codeOf(call(client, method, { ...request, app: victim.uid }, attackerToken))]).toEqual([method, expected]);
      }
      expect(await call(client, 'GetMessage', { app: victim.uid, msg: victim.msg }, await portalToken(victim.id))).toMatchObject({ id: victim.msg });
    } finally {
      client.close();
    }
  });

  it('refuses a uid that is, or looks like, an app id, and a uid another app has', async () => {
    expect(await svixStatus(operator.application.update(attacker.id, { name: 'Attacker', uid: victim.id }))).toBe(422);
    expect(await svixStatus(operator.application.patch(attacker.id, { uid: 'app_2Z0000000000000000000000' }))).toBe(422);
    expect(await svixStatus(operator.application.patch(attacker.id, { uid: victim.uid }))).toBe(409);
    expect(await svixStatus(operator.application.create({ name: 'Squatter', uid: victim.id }))).toBe(422);
  });

  it("keeps a token on its app when uids move: the old uid, now another app's, is that app's", async () => {
    const app = await operator.application.create({ name: 'Mover', uid: 'mover' });
    const token = await portalToken('mover');
    await operator.application.patch(app.id, { uid: 'mover-renamed' });
    const squatter = await operator.application.create({ name: 'Squatter', uid: 'mover' });
    await operator.endpoint.create(squatter.id, { url: h.receiver.url('/squatter') });
    expect(await svixStatus(as(token).endpoint.list('mover'))).toBe(404);
    expect(await svixStatus(as(token).endpoint.create('mover', { url: h.receiver.url('/evil') }))).toBe(404);
    expect(await svixStatus(as(token).message.create('mover', { eventType: 'x', payload: {} }))).toBe(404);
    expect((await as(token).endpoint.list('mover-renamed')).data).toEqual([]);
    expect((await operator.endpoint.list(squatter.id)).data).toHaveLength(1);
  });

  it('revokes every token of a deleted app, so a new app under the same uid is out of its reach', async () => {
    const old = await operator.application.create({ name: 'Old', uid: 'reused' });
    const token = await portalToken('reused');
    expect(await svixStatus(as(token).endpoint.list('reused'))).toBe(200);
    await operator.application.delete(old.id);
    const fresh = await operator.application.create({ name: 'New', uid: 'reused' });
    const endpoint = await operator.endpoint.create(fresh.id, { url: h.receiver.url('/fresh') });
    expect(await svixStatus(as(token).endpoint.getSecret('reused', endpoint.id))).toBe(401);
    expect(await svixStatus(as(token).endpoint.list(fresh.id))).toBe(401);
  });

  it('lets a portal token manage endpoints and read, but not delete or rename its app, create apps or define event types', async () => {
    const app = await operator.application.create({ name: 'Portal', uid: 'portal' });
    const token = await portalToken(app.id);
    const endpoint = await as(token).endpoint.create(app.id, { url: h.receiver.url('/portal') });
    expect(await svixStatus(as(token).endpoint.rotateSecret(app.id, endpoint.id, {}))).toBe(200);
    expect(await svixStatus(as(token).eventType.list())).toBe(200);
    expect(await svixStatus(as(token).application.get(app.id))).toBe(200);
    expect(await svixStatus(as(token).application.delete(app.id))).toBe(403);
    expect(await svixStatus(as(token).application.update(app.id, { name: 'Renamed' }))).toBe(403);
    expect(await svixStatus(as(token).application.patch(app.id, { uid: 'portal2' }))).toBe(403);
    expect(await svixStatus(as(token).application.create({ name: 'Another' }))).toBe(403);
    expect(await svixStatus(as(token).eventType.create({ name: 'portal.made', description: 'nope' }))).toBe(403);
    expect(await svixStatus(as(token).authentication.appPortalAccess(app.id, {}))).toBe(403);
    expect((await operator.application.get(app.id)).name).toBe('Portal');
  });

  it('refuses a token past its expiry, and one that logged out while others of the app keep working', async () => {
    const shortLived = await portalToken(attacker.id, 1);
    expect(await svixStatus(as(shortLived).endpoint.list(attacker.id))).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await svixStatus(as(shortLived).endpoint.list(attacker.id))).toBe(401);

    const leaving = await portalToken(attacker.id);
    const staying = await portalToken(attacker.id);
    await as(leaving).authentication.logout();
    expect(await svixStatus(as(leaving).endpoint.list(attacker.id))).toBe(401);
    expect(await svixStatus(as(staying).endpoint.list(attacker.id))).toBe(200);
    expect(await svixStatus(operator.authentication.logout())).toBe(403);
  });

  it('refuses forged and tampered tokens', async () => {
    const [payload, signature] = attackerToken.slice(5).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, app: victim.id })).toString('base64url');
    expect(await svixStatus(as(`hsat_${forged}.${signature}`).endpoint.list(victim.id))).toBe(401);
    expect(await svixStatus(as(`hsat_${payload}.A${signature.slice(1)}`).endpoint.list(attacker.id))).toBe(401);
    expect(await svixStatus(as('not-the-operator-token').endpoint.list(attacker.id))).toBe(401);
  });

  it('answers 404 when minting a token for an unknown app, and mints one for an app created a moment ago', async () => {
    expect(await svixStatus(operator.authentication.appPortalAccess('app_missing', {}))).toBe(404);
    const app = await operator.application.create({ name: 'Just made' });
    expect((await operator.authentication.appPortalAccess(app.id, {})).token).toMatch(/^hsat_/);
  });

  it('shows a portal token only its own messages and attempts', async () => {
    const token = await portalToken(attacker.id);
    await operator.message.create(attacker.id, { eventType: 'render.completed', eventId: 'evt_attacker', payload: { mine: true } });
    const messages = await waitFor(async () => {
      const { body } = await h.client.api.request<ListResponse<MessageOut>>('GET', `/api/v1/app/${attacker.id}/msg`, undefined, token);
      return body.data.length > 0 && body.data;
    }, 10_000, "the attacker's message");
    expect(messages.map((m) => m.eventId)).toEqual(['evt_attacker']);
    const { status: attemptStatus } = await h.client.api.request<ListResponse<MessageAttemptOut>>('GET', `/api/v1/app/${attacker.id}/attempt/endpoint/${victim.endpoint}`, undefined, token);
    expect(attemptStatus).toBe(404);
  });
});
