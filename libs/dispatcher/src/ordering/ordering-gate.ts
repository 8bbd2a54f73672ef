import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from 'nats';
import type { DeliveryTask } from '@hookstream/contracts';
import { HookstreamConfig, NatsClients } from '@hookstream/platform';

export type Turn = 'go' | 'wait' | 'done';

/**
 * Ordering per (endpoint, orderingKey): a JetStream KV bucket holds the next sequence number allowed out. A task
 * goes when it holds that number, waits when an earlier one is not final yet (a failure holds the later ones
 * until it succeeds or is exhausted), and is done when its number has already passed (a redelivered copy).
 * Every replica reads the same bucket, so one key goes out one at a time whichever replica holds its tasks.
 */
@Injectable()
export class OrderingGate implements OnApplicationBootstrap {
  private kv: KV | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly config: HookstreamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const bucket = `${this.nats.subjects.prefix.toUpperCase()}_ORDERING`;
    this.kv = await this.nats.js.views.kv(bucket, { history: 1, replicas: this.config.streamReplicas });
  }

  async turn(task: DeliveryTask): Promise<Turn> {
    if (!isOrdered(task)) return 'go';
    const next = (await this.read(task)).next;
    if (task.orderingSeq === next) return 'go';
    return task.orderingSeq < next ? 'done' : 'wait';
  }

  /** The task's delivery is final: let the next number out (compare-and-set, so a stale copy cannot rewind). */
  async advance(task: DeliveryTask): Promise<void> {
    if (!isOrdered(task)) return;
    const { next, revision } = await this.read(task);
    if (task.orderingSeq !== next) return;
    const value = String(next + 1);
    if (revision === 0) await this.bucket().create(keyOf(task), value);
    else await this.bucket().update(keyOf(task), value, revision);
  }

  private async read(task: OrderedTask): Promise<{ next: number; revision: number }> {
    const entry = await this.bucket().get(keyOf(task));
    if (!entry || entry.operation !== 'PUT') return { next: 1, revision: 0 };
    return { next: Number(entry.string()), revision: entry.revision };
  }

  private bucket(): KV {
    if (!this.kv) throw new Error('OrderingGate used before start-up');
    return this.kv;
  }
}

type OrderedTask = DeliveryTask & { orderingKey: string; orderingSeq: number };

function isOrdered(task: DeliveryTask): task is OrderedTask {
  return task.orderingKey !== undefined && task.orderingSeq !== undefined;
}

/** KV keys allow a narrow alphabet; the key is hashed so any orderingKey fits. */
function keyOf(task: OrderedTask): string {
  return `${task.endpointId}.${createHash('sha256').update(task.orderingKey).digest('hex').slice(0, 32)}`;
}
