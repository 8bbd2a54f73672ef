import type { ConsumerInfo } from 'nats';
import { register } from 'prom-client';
import { CONSUMER_INFO_TIMEOUT_MS, consumerSnapshots, registerConsumerLagMetrics, watchConsumer } from './consumer-lag';

function infoOf(numPending: number, numAckPending: number, numRedelivered = 0): ConsumerInfo {
  return { num_pending: numPending, num_ack_pending: numAckPending, num_redelivered: numRedelivered } as ConsumerInfo;
}

/** Each test asks at a later clock than the last, so none reuses another's round. */
let clock = 1_000_000;
const nextRound = () => (clock += 10_000);

describe('consumer lag', () => {
  const unwatch: Array<() => void> = [];
  afterEach(() => unwatch.splice(0).forEach((stop) => stop()));

  it('reports each watched consumer once, however many workers pull from it', async () => {
    unwatch.push(watchConsumer({ stream: 'S', consumer: 'c', info: async () => infoOf(3, 2, 1) }));
    unwatch.push(watchConsumer({ stream: 'S', consumer: 'c', info: async () => infoOf(3, 2, 1) }));
    expect(await consumerSnapshots(nextRound())).toEqual([{ stream: 'S', consumer: 'c', pending: 3, ackPending: 2, redelivered: 1 }]);
  });

  it('leaves out, within the bound, a consumer that does not answer or fails', async () => {
    unwatch.push(watchConsumer({ stream: 'S', consumer: 'slow', info: () => new Promise<ConsumerInfo>(() => undefined) }));
    unwatch.push(watchConsumer({ stream: 'S', consumer: 'broken', info: async () => Promise.reject(new Error('no responders')) }));
    unwatch.push(watchConsumer({ stream: 'S', consumer: 'fine', info: async () => infoOf(1, 0) }));
    const started = Date.now();
    const snapshots = await consumerSnapshots(nextRound());
    expect(Date.now() - started).toBeLessThan(CONSUMER_INFO_TIMEOUT_MS + 500);
    expect(snapshots.map((s) => s.consumer)).toEqual(['fine']);
  });

  it('stops reporting a consumer once unwatched', async () => {
    const stop = watchConsumer({ stream: 'S', consumer: 'gone', info: async () => infoOf(1, 1) });
    stop();
    expect(await consumerSnapshots(nextRound())).toEqual([]);
  });

  it('serves lag (pending + ack pending) per stream and consumer on the registry', async () => {
    registerConsumerLagMetrics();
    registerConsumerLagMetrics(); // a second Nest app in the process registers nothing twice
    unwatch.push(watchConsumer({ stream: 'HS_DELIVERIES', consumer: 'dispatcher', info: async () => infoOf(7, 5) }));
    nextRound();
    const text = await register.getSingleMetricAsString('hookstream_consumer_lag_messages');
    expect(text).toContain('hookstream_consumer_lag_messages{stream="HS_DELIVERIES",consumer="dispatcher"} 12');
  });
});
