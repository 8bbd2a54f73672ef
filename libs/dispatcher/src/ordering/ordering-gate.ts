import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from 'nats';
import type { DeliveryTask } from '@hookstream/contracts';
import { HookstreamConfig, NatsClients } from '@hookstream/platform';
import { turnWaitMs } from './turn-wait';

export type Turn = { kind: 'go' } | { kind: 'done' } | { kind: 'wait'; untilMs: number };

/** What the bucket holds per (endpoint, key): the next number allowed out, and until when it is held by a retry. */
interface OrderingState {
  next: number;
  heldUntil?: number;
}

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

  async turn(task: DeliveryTask, now = Date.now()): Promise<Turn> {
    if (!isOrdered(task)) return { kind: 'go' };
    const { state } = await this.read(task);
    if (task.orderingSeq === state.next) return { kind: 'go' };
    if (task.orderingSeq < state.next) return { kind: 'done' };
    return { kind: 'wait', untilMs: Math.max(state.heldUntil ?? 0, now + turnWaitMs(task.orderingSeq - state.next)) };
  }

  /** The task's number failed and retries at `untilMs`: the ones behind it need not ask before then. */
  async hold(task: DeliveryTask, untilMs: number): Promise<void> {
    if (!isOrdered(task)) return;
    await this.write(task, { next: task.orderingSeq, heldUntil: untilMs });
  }

  /** The task's delivery is final: let the next number out (compare-and-set, so a stale copy cannot rewind). */
  async advance(task: DeliveryTask): Promise<void> {
    if (!isOrdered(task)) return;
    await this.write(task, { next: task.orderingSeq + 1 });
  }

  /** Writes only while the task's number is the current one (compare-and-set: a stale copy cannot rewind). */
  private async write(task: OrderedTask, state: OrderingState): Promise<void> {
    const current = await this.read(task);
    if (current.state.next !== task.orderingSeq) return;
    const value = JSON.stringify(state);
    if (current.revision === 0) await this.bucket().create(keyOf(task), value);
    else await this.bucket().update(keyOf(task), value, current.revision);
  }

  private async read(task: OrderedTask): Promise<{ state: OrderingState; revision: number }> {
    const entry = await this.bucket().get(keyOf(task));
    if (!entry || entry.operation !== 'PUT') return { state: { next: 1 }, revision: 0 };
    return { state: entry.json<OrderingState>(), revision: entry.revision };
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
