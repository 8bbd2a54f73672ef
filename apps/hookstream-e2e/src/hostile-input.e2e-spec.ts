import { streamNames, Subjects, CONSUMER_NAMES } from '@hookstream/contracts';
import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

/** An envelope whose payload nests `depth` objects deep, as text (building it as a value would overflow the stack). */
const deepEnvelope = (depth: number) => `{"eventType":"render.completed","payload":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

/** JSON text as a hostile client writes it: `\u0000` and `\ud800` as escapes, which JSON.parse turns into the characters. */
const withEscapes = (value: unknown) => JSON.stringify(value).replace(/NUL/g, '\\u0000').replace(/LONE/g, '\\ud800');

/** One bad envelope of each kind, as raw bytes for NATS. */
function hostileEnvelopes(): Uint8Array[] {
  const text = [
    withEscapes({ eventType: 'render.completed', eventId: 'evt_NUL', payload: {} }),
    withEscapes({ eventType: 'render.completed', payload: { name: 'LONE' } }),
    withEscapes({ eventType: 'render.completed', tags: ['NUL'], payload: {} }),
    withEscapes({ eventType: 'render.completed', channels: ['LONE'], payload: {} }),
    withEscapes({ eventType: 'render.completed', orderingKey: 'NUL', payload: {} }),
    withEscapes({ eventType: 'render.completed', payload: { ['kNUL']: 1 } }),
    deepEnvelope(5000),
    JSON.stringify({ eventType: 42, payload: 'nope', channels: 'x', tags: {} }),
    JSON.stringify({ eventType: 'render.completed', payload: { blob: 'x'.repeat(256 * 1024) } }),
  ].map((body) => new TextEncoder().encode(body));
  const invalidUtf8 = Buffer.concat([Buffer.from('{"eventType":"render.completed","payload":{"s":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
  return [...text, invalidUtf8];
}

describe('hostile input: nothing cycles forever, no tenant holds up another', () => {
  // 1,100 rejections would each log a warning.
  const h = useAllInOne({ LOG_LEVEL: 'error' });

  const post = async (path: string, body: string) => {
    const response = await fetch(`${h.hookstream.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.env.adminToken}`, 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as { code?: string; detail?: unknown } };
  };

  it('answers every hostile REST body with a 4xx saying why, never a 500', async () => {
    const app = await h.client.app('Hostile REST');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/hostile-rest') });
    const msg = `/api/v1/app/${app.id}/msg`;
    const cases: Array<[string, string, number, RegExp]> = [
      ['NUL in eventId', withEscapes({ eventType: 't', eventId: 'eNUL', payload: {} }), 422, /eventId contains a NUL/],
      ['NUL in a tag', withEscapes({ eventType: 't', tags: ['NUL'], payload: {} }), 422, /tags\[0\] contains a NUL/],
      ['lone surrogate in the payload', withEscapes({ eventType: 't', payload: { s: 'LONE' } }), 422, /payload.s contains a lone surrogate/],
      ['NUL in a payload key', withEscapes({ eventType: 't', payload: { kNUL: 1 } }), 422, /key of body.payload.k\\u0000/],
      ['5,000-deep payload', deepEnvelope(5000), 422, /nests deeper than 64 levels/],
      ['wrong types', JSON.stringify({ eventType: 1, payload: [], tags: 'x' }), 422, /eventType/],
      ['a body over 1 MB', JSON.stringify({ eventType: 't', payload: { blob: 'x'.repeat(1024 * 1024) } }), 413, /larger than the 1 MB/],
      ['invalid JSON', '{"eventType":', 400, /could not be read/],
    ];
    for (const [name, body, status, detail] of cases) {
      const answer = await post(msg, body);
      expect([name, answer.status]).toEqual([name, status]);
      const text = typeof answer.body.detail === 'string' ? answer.body.detail : JSON.stringify(answer.body.detail);
      expect([name, text]).toEqual([name, expect.stringMatching(detail)]);
    }
    const otherRoutes: Array<[string, string]> = [
      ['/api/v1/app', withEscapes({ name: 'aNUL' })],
      ['/api/v1/app', withEscapes({ name: 'a', metadata: { k: 'LONE' } })],
      [`/api/v1/app/${app.id}/endpoint`, withEscapes({ url: h.receiver.url('/x'), headers: { 'x-a': 'vNUL' } })],
      [`/api/v1/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, withEscapes({ key: 'whsec_NUL' })],
      ['/api/v1/event-type', withEscapes({ name: 'e', description: 'dNUL' })],
    ];
    for (const [path, body] of otherRoutes) expect([path, (await post(path, body)).status]).toEqual([path, 422]);
    const byPath = await fetch(`${h.hookstream.url}/api/v1/app/%00/msg/x`, { headers: { authorization: `Bearer ${h.env.adminToken}` } });
    expect(byPath.status).toBe(422);
    expect(h.receiver.requests.filter((r) => r.path === '/hostile-rest')).toEqual([]);
  });

  it('rejects 1,100 hostile envelopes once each, and delivers 20 valid events for another app published after them within seconds', async () => {
    const hostileApp = await h.client.app('Hostile NATS');
    const healthy = await h.client.app('Healthy');
    await h.client.endpoint(healthy.id, { url: h.receiver.url('/healthy') });
    const js = h.env.nats.jetstream();
    const corpus = hostileEnvelopes();
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < 1100; i++) publishes.push(js.publish(`${h.env.prefix}.events.${hostileApp.id}`, corpus[i % corpus.length]));
    await Promise.all(publishes);
    const publishedAt = Date.now();
    for (let i = 0; i < 20; i++) await h.client.publish(healthy.id, { eventType: 'render.completed', eventId: `evt_healthy_${i}`, payload: { i } });

    await waitFor(async () => h.receiver.requests.filter((r) => r.path === '/healthy').length === 20, 20_000, '20 healthy deliveries');
    expect(Date.now() - publishedAt).toBeLessThan(15_000);

    const jsm = await h.env.nats.jetstreamManager();
    const streams = streamNames(new Subjects(h.env.prefix));
    const settled = await waitFor(async () => {
      const info = await jsm.consumers.info(streams.events, CONSUMER_NAMES.ingest);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info;
    }, 30_000, 'the events consumer to settle every hostile envelope');
    expect(settled.num_redelivered).toBe(0);
    const { body } = await h.client.api.request<{ data: unknown[]; done: boolean }>('GET', `/api/v1/app/${hostileApp.id}/rejected?limit=250`);
    expect(body.data).toHaveLength(250);
    expect(body.done).toBe(false);
  });
});
