import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

interface StatusEvent {
  msgId: string;
  endpointId: string;
  statusText: string;
}

/** Reads an SSE response with plain fetch, collecting `data:` lines of `status` events. */
async function openStream(url: string, token: string): Promise<{ events: StatusEvent[]; close: () => void; status: number }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  const events: StatusEvent[] = [];
  if (response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          const frames = buffer.split('\n\n');
          buffer = frames.pop() ?? '';
          for (const frame of frames) {
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (data) events.push(JSON.parse(data.slice(6)) as StatusEvent);
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { events, close: () => controller.abort(), status: response.status };
}

describe('live delivery status over SSE', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let client: HookstreamClient;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('streams pending, sending, then succeeded for a delivery, per app and per message', async () => {
    // `sending` is announced for POSTs still running after 500 ms.
    receiver.respondWith(() => ({ status: 200, delayMs: 1200 }));
    const app = await client.app('Live');
    const endpoint = await client.endpoint(app.id, { url: receiver.url() });
    const appStream = await openStream(`${hookstream.url}/api/v1/app/${app.id}/events/stream`, env.adminToken);
    expect(appStream.status).toBe(200);
    const { body: message } = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { job: 1 } });
    const msgStream = await waitFor(async () => {
      const stream = await openStream(`${hookstream.url}/api/v1/app/${app.id}/msg/${message.id}/events`, env.adminToken);
      if (stream.status === 200) return stream;
      stream.close();
      return null;
    }, 5000, 'the message to be projected');
    try {
      const seen = (stream: { events: StatusEvent[] }) => stream.events.filter((e) => e.msgId === message.id && e.endpointId === endpoint.id).map((e) => e.statusText);
      await waitFor(async () => seen(appStream).includes('success') && seen(msgStream).includes('success'), 10_000, 'success on both streams');
      expect(seen(appStream)).toEqual(['pending', 'sending', 'success']);
      expect(['pending', 'sending']).toContain(seen(msgStream)[0]);
      expect(seen(msgStream).at(-1)).toBe('success');
    } finally {
      appStream.close();
      msgStream.close();
    }
  });

  it('goes straight from pending to succeeded for a quick answer', async () => {
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const app = await client.app('Live quick');
    const endpoint = await client.endpoint(app.id, { url: receiver.url() });
    const appStream = await openStream(`${hookstream.url}/api/v1/app/${app.id}/events/stream`, env.adminToken);
    try {
      const { body: message } = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { job: 2 } });
      const seen = () => appStream.events.filter((e) => e.msgId === message.id && e.endpointId === endpoint.id).map((e) => e.statusText);
      await waitFor(async () => seen().includes('success'), 10_000, 'success on the app stream');
      expect(seen()).toEqual(['pending', 'success']);
    } finally {
      appStream.close();
    }
  });

  it('refuses a stream without a token (401) and for an unknown app (404)', async () => {
    expect((await fetch(`${hookstream.url}/api/v1/app/app_missing/events/stream`)).status).toBe(401);
    const missing = await openStream(`${hookstream.url}/api/v1/app/app_missing/events/stream`, env.adminToken);
    expect(missing.status).toBe(404);
    missing.close();
  });
});
