import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSONCodec, type NatsConnection, type Subscription } from 'nats';
import { monotonicMs, sleep } from './bench-clock';
import { benchPayload, type BenchPayload } from './receiver-protocol';

/** What the probe needs of the contracts lib (loaded from the dispatcher's build by the caller). */
export interface ProbeContracts {
  subjects: { delivery(appId: string, endpointId: string): string; rpc(pattern: string): string };
  deliveryTaskDedupId(task: { msgId: string; endpointId: string; attempt: number; trigger: 'scheduled' }): string;
  newAppId(): string;
  newEndpointId(): string;
  newMessageId(): string;
}

export interface FreshResult {
  sent: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nest's NATS request packet, as the dispatcher's SignerClient sends it. */
interface SignBatchPacket {
  id: string;
  data: { requests: unknown[] };
}

/**
 * Fresh deliveries through a lone dispatcher: tasks published on `<p>.deliveries.<app>.<ep>` as ingest publishes
 * them, POSTed by the dispatcher to a receiver here. It answers the dispatcher's `signer.signBatch` requests itself
 * with a fixed header, so neither the signer nor its Postgres are needed; what is timed is publish → POST received.
 */
export class FreshProbe {
  private readonly latencies = new Map<string, number[]>();
  private readonly appId: string;
  private readonly endpointId: string;

  private readonly receiver: Server;

  private constructor(
    private readonly nats: NatsConnection,
    private readonly contracts: ProbeContracts,
    private readonly signer: Subscription,
  ) {
    this.appId = contracts.newAppId();
    this.endpointId = contracts.newEndpointId();
    this.receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const payload = JSON.parse(body) as BenchPayload;
        this.latencies.get(payload.run)?.push(monotonicMs() - payload.sentAt);
        response.writeHead(200).end();
      });
    });
  }

  static async start(nats: NatsConnection, contracts: ProbeContracts): Promise<FreshProbe> {
    const codec = JSONCodec<SignBatchPacket>();
    const reply = JSONCodec();
    const signer = nats.subscribe(contracts.subjects.rpc('signer.signBatch'), {
      callback: (error, msg) => {
        if (error) return;
        const packet = codec.decode(msg.data);
        const results = packet.data.requests.map(() => ({ headers: { 'webhook-signature': 'v1,probe' } }));
        msg.respond(reply.encode({ id: packet.id, response: { results }, isDisposed: true }));
      },
    });
    const probe = new FreshProbe(nats, contracts, signer);
    await new Promise<void>((resolve) => probe.receiver.listen(0, '127.0.0.1', resolve));
    return probe;
  }

  /** Publishes `rate` fresh deliveries a second for `seconds`, then waits up to `drainMs` for them all to arrive. */
  async measure(run: string, rate: number, seconds: number, drainMs = 30_000): Promise<FreshResult> {
    const latencies: number[] = [];
    this.latencies.set(run, latencies);
    const js = this.nats.jetstream();
    const { port } = this.receiver.address() as AddressInfo;
    const total = rate * seconds;
    const started = Date.now();
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i += 1) {
      const due = started + (i / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const task = this.task(run, i, port);
      publishes.push(js.publish(this.contracts.subjects.delivery(this.appId, this.endpointId), JSON.stringify(task), { msgID: this.contracts.deliveryTaskDedupId(task) }));
    }
    await Promise.all(publishes);
    const deadline = Date.now() + drainMs;
    while (latencies.length < total && Date.now() < deadline) await sleep(100);
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return { sent: total, received: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) };
  }

  async stop(): Promise<void> {
    this.signer.unsubscribe();
    await new Promise((resolve) => this.receiver.close(resolve));
  }

  /** A first attempt with no retries left to schedule, so each task is one POST and one ack. */
  private task(run: string, i: number, port: number) {
    return {
      v: 1 as const,
      msgId: this.contracts.newMessageId(),
      appId: this.appId,
      endpointId: this.endpointId,
      eventType: 'render.completed',
      body: JSON.stringify(benchPayload(run, i, monotonicMs())),
      url: `http://127.0.0.1:${port}/fresh`,
      headers: {},
      keyOwner: this.endpointId,
      signatureProfiles: [{ type: 'timestamped' as const, header: 'webhook-signature' }],
      timeoutMs: 5000,
      retrySchedule: [],
      maxConcurrency: 100,
      rateLimit: null,
      trigger: 'scheduled' as const,
      attempt: 1,
    };
  }
}
