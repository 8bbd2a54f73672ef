import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

describe('orderingKey: one at a time per endpoint, in publish order, a failure holding the rest', () => {
  const h = useAllInOne();

  it('delivers 30 events on one key in order to a jittery receiver that sometimes fails', async () => {
    const delays: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    h.receiver.respondWith(() => {
      const delayMs = Math.floor(random() * 40);
      delays.push(delayMs);
      return { status: random() < 0.25 ? 500 : 200, delayMs };
    });
    const app = await h.client.app('ordered');
    await h.client.endpoint(app.id, { url: h.receiver.url('/ordered'), retrySchedule: Array(10).fill(0.1), maxConcurrency: 10 });
    for (let n = 0; n < 30; n++) {
      await h.client.publish(app.id, { eventType: 'render.progress', orderingKey: 'job_1', payload: { n } });
    }
    // Unordered traffic beside it is not held back.
    await h.client.publish(app.id, { eventType: 'render.progress', payload: { n: 'free' } });

    const succeeded = () => h.receiver.requests.filter((r, i) => r.path === '/ordered' && delays[i] !== undefined).map((r) => JSON.parse(r.body).n as number | string);
    await waitFor(async () => new Set(succeeded()).size >= 31, 45_000, 'all 31 events');

    const ordered = h.receiver.requests.map((r) => JSON.parse(r.body).n).filter((n): n is number => typeof n === 'number');
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]).toBeGreaterThanOrEqual(ordered[i - 1]);
    const keyed = h.receiver.requests.map((r, i) => ({ r, i })).filter(({ r }) => typeof JSON.parse(r.body).n === 'number');
    for (let k = 1; k < keyed.length; k++) {
      const previous = keyed[k - 1];
      expect(keyed[k].r.receivedAt).toBeGreaterThanOrEqual(previous.r.receivedAt + delays[previous.i]);
    }
    expect(new Set(ordered)).toEqual(new Set(Array.from({ length: 30 }, (_, n) => n)));
  }, 60_000);
});
