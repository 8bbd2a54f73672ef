import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MessageOut } from '@hookstream/contracts';
import { useAllInOne } from './support/all-in-one-harness';

// The web console (apps/console) in Debian's headless Chromium, served by delivery-log from the built console
// (`npx nx build console` first). Screenshots land in dist/artifacts/console/.
const CONSOLE_DIR = resolve(__dirname, '../../../dist/apps/console');
const ARTIFACTS = resolve(__dirname, '../../../dist/artifacts/console');
const CHROMIUM = '/usr/bin/chromium';
const UI_TIMEOUT = 30_000;

async function withBrowser(run: (page: Page) => Promise<void>): Promise<void> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await run(page);
  } finally {
    await browser.close();
  }
}

async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
}

describe('web console in headless Chromium', () => {
  const h = useAllInOne({ HOOKSTREAM_CONSOLE_DIR: CONSOLE_DIR });

  beforeAll(() => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error(`no console build in ${CONSOLE_DIR}: run "npx nx build console" first`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('serves the console at /console without a token and redirects / there', async () => {
    const index = await fetch(`${h.hookstream.url}/console/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
    const root = await fetch(`${h.hookstream.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const bare = await fetch(`${h.hookstream.url}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
    const route = await fetch(`${h.hookstream.url}/console/apps/renders`);
    expect(await route.text()).toContain('<div id="root">');
    const outside = await fetch(`${h.hookstream.url}/console/%2e%2e/%2e%2e/%2e%2e/package.json`);
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(await outside.text()).not.toContain('"dependencies"');
    const malformed = await fetch(`${h.hookstream.url}/console/%E0%A4%A.js`);
    expect(malformed.status).toBe(400);
    const api = await fetch(`${h.hookstream.url}/api/v1/app`);
    expect(api.status).toBe(401);
  });

  it('lets the operator find a failed delivery, resend it and watch it turn succeeded', async () => {
    const app = await h.client.app('Renders');
    h.receiver.respondWith((_request, index) => (index < 2 ? { status: 500, body: 'render hook down' } : { status: 200, body: 'thanks' }));
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/renders'), retrySchedule: [0.1], description: 'Render callbacks' });
    const sent = await h.client.api.request<MessageOut>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { jobId: 'job_a1b2', status: 'done' } });
    expect(sent.status).toBe(202);
    const msgId = sent.body.id;
    expect(await h.client.finalStatus(app.id, msgId, endpoint.id)).toBe('fail');

    await withBrowser(async (page) => {
      await signIn(page, h.hookstream.url, h.env.adminToken);
      const row = page.locator(`tr[data-msg="${msgId}"]`);
      await row.and(page.locator('[data-status="fail"]')).waitFor({ timeout: UI_TIMEOUT });
      await row.getByRole('button', { name: msgId }).click();
      await page.getByText('render hook down').first().waitFor({ timeout: UI_TIMEOUT });
      expect(existsSync(await screenshot(page, '1-failed-delivery'))).toBe(true);

      await row.getByRole('button', { name: 'Resend' }).click();
      await page.locator(`tr[data-msg="${msgId}"][data-status="success"]`).waitFor({ timeout: UI_TIMEOUT });
      await page.getByText('thanks').first().waitFor({ timeout: UI_TIMEOUT });
      await page.locator('section[aria-label="Live"] .badge-success').first().waitFor({ timeout: UI_TIMEOUT });
      const endpoints = page.locator('section[aria-label="Endpoints"]');
      await endpoints.locator('.code-success', { hasText: '200' }).waitFor({ timeout: UI_TIMEOUT });
      // The success rate is over the endpoint's last 100 attempts: two failed, the resend succeeded.
      await endpoints.getByText('33.3%').waitFor({ timeout: UI_TIMEOUT });
      expect(existsSync(await screenshot(page, '2-resent-succeeded'))).toBe(true);

      await endpoints.getByRole('button', { name: 'Manage' }).click();
      await endpoints.getByRole('button', { name: 'Reveal' }).click();
      const { body: secret } = await h.client.api.request<{ key: string }>('GET', `/api/v1/app/${app.id}/endpoint/${endpoint.id}/secret`);
      await endpoints.getByText(secret.key).waitFor({ timeout: UI_TIMEOUT });
      expect(existsSync(await screenshot(page, '3-endpoint-tools'))).toBe(true);
    });
    expect(await h.client.finalStatus(app.id, msgId, endpoint.id)).toBe('success');
    expect(h.receiver.requests.filter((r) => r.path === '/renders')).toHaveLength(3);
  });

  it('gives an app-scoped token the portal of its own app only', async () => {
    const mine = await h.client.app('Lipsync Portal');
    const other = await h.client.app('Somebody Else');
    await h.client.endpoint(mine.id, { url: h.receiver.url('/mine') });
    await h.client.endpoint(other.id, { url: h.receiver.url('/other') });
    const { body } = await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${mine.id}`, {});

    await withBrowser(async (page) => {
      await signIn(page, h.hookstream.url, body.token);
      await page.getByText(`Portal · ${mine.name}`).waitFor({ timeout: UI_TIMEOUT });
      await page.getByText(h.receiver.url('/mine')).first().waitFor({ timeout: UI_TIMEOUT });
      expect(await page.locator('nav[aria-label="Applications"]').count()).toBe(0);
      expect(await page.getByText(other.name).count()).toBe(0);
      expect(await page.getByText(h.receiver.url('/other')).count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('hookstream.console.token'))).toBe(body.token);
      expect(existsSync(await screenshot(page, '4-app-portal'))).toBe(true);
    });
  });
});

describe('web console without a build', () => {
  const h = useAllInOne({ HOOKSTREAM_CONSOLE_DIR: join(CONSOLE_DIR, 'not-built-here') });

  it('starts anyway and answers /console with a 404 saying how to build it', async () => {
    const response = await fetch(`${h.hookstream.url}/console/`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('npx nx build console');
    expect((await fetch(`${h.hookstream.url}/healthz`)).status).toBe(200);
  });
});
