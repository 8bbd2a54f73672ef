import { ApiException, Svix } from 'svix';
import { AdminApi } from './support/admin-api';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

describe('operator and app-scoped tokens', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let operator: Svix;
  let mine: { id: string; uid: string };
  let other: { id: string };
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    operator = new Svix(env.config.adminToken, { serverUrl: hookstream.url });
    mine = { id: (await operator.application.create({ name: 'Mine', uid: 'mine' })).id, uid: 'mine' };
    other = await operator.application.create({ name: 'Other' });
    for (const app of [mine.id, other.id]) await operator.message.create(app, { eventType: 'render.completed', eventId: `evt_${app}`, payload: { app } });
    await waitFor(async () => (await operator.message.list(other.id)).data.length > 0 && (await operator.message.list(mine.id)).data.length > 0, 10_000, 'both messages');
    token = (await operator.authentication.appPortalAccess(mine.id, {})).token;
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await env?.destroy();
  });

  it('issues an app-scoped token (Svix AppPortalAccessOut) that reads its own app, by id or uid', async () => {
    expect(token).toMatch(/^hsat_/);
    const scoped = new Svix(token, { serverUrl: hookstream.url });
    expect((await scoped.message.list(mine.id)).data).toHaveLength(1);
    expect((await scoped.message.get(mine.uid, `evt_${mine.id}`)).payload).toEqual({ app: mine.id });
  });

  it('answers 404 for another app, 403 for operator-only routes', async () => {
    const scoped = new Svix(token, { serverUrl: hookstream.url });
    expect(await status(scoped.message.list(other.id))).toBe(404);
    expect(await status(scoped.message.get(other.id, `evt_${other.id}`))).toBe(404);
    expect(await status(scoped.application.list())).toBe(403);
    expect(await status(scoped.application.create({ name: 'nope' }))).toBe(403);
    expect(await status(scoped.authentication.appPortalAccess(mine.id, {}))).toBe(403);
  });

  it('answers 401 without a token, with a wrong one, and with a forged or expired app token', async () => {
    const api = new AdminApi(hookstream.url, '');
    expect((await api.request('GET', `/api/v1/app/${mine.id}/msg`)).status).toBe(401);
    expect((await api.request('GET', `/api/v1/app/${mine.id}/msg`, undefined, 'not-the-operator-token')).status).toBe(401);
    const [payload, signature] = token.slice(5).split('.');
    const forged = Buffer.from(JSON.stringify({ app: other.id, uid: null, exp: 9e9 })).toString('base64url');
    expect((await api.request('GET', `/api/v1/app/${other.id}/msg`, undefined, `hsat_${forged}.${signature}`)).status).toBe(401);
    expect((await api.request('GET', `/api/v1/app/${mine.id}/msg`, undefined, `hsat_${payload}.x${signature}`)).status).toBe(401);
    const shortLived = (await operator.authentication.appPortalAccess(mine.id, { expiry: 1 })).token;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await api.request('GET', `/api/v1/app/${mine.id}/msg`, undefined, shortLived)).status).toBe(401);
  });

  it('answers 404 when minting a token for an unknown app', async () => {
    expect(await status(operator.authentication.appPortalAccess('app_missing', {}))).toBe(404);
  });
});
