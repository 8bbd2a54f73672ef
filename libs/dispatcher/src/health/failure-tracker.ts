import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from 'nats';
import { HookstreamConfig } from '@hookstream/platform';
import { EndpointHealthBucket } from './endpoint-health-bucket';

/**
 * Remembers since when each endpoint has been failing without a success, in a JetStream KV bucket the
 * dispatcher owns, so every replica (and a restarted one) agrees. Written only on transitions — first failure,
 * first success after failures — and read once per endpoint per process.
 */
@Injectable()
export class FailureTracker implements OnApplicationBootstrap {
  private kv: KV | null = null;
  /** endpointId → failing since (epoch ms), or null when known healthy. */
  private readonly known = new Map<string, number | null>();

  constructor(
    private readonly bucketProvider: EndpointHealthBucket,
    private readonly config: HookstreamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.kv = await this.bucketProvider.open();
  }

  /** Since when the endpoint has been failing without a success (epoch ms), or null. */
  async failingSinceMs(endpointId: string): Promise<number | null> {
    return this.failingSince(endpointId);
  }

  /** Records a failure; true when the endpoint has now been failing long enough to be disabled. */
  async failed(endpointId: string, now = Date.now()): Promise<boolean> {
    const since = (await this.failingSince(endpointId)) ?? (await this.startFailing(endpointId, now));
    return now - since >= this.config.endpointDisableAfterSeconds * 1000;
  }

  async succeeded(endpointId: string): Promise<void> {
    if ((await this.failingSince(endpointId)) === null) return;
    this.known.set(endpointId, null);
    await this.bucket().delete(endpointId);
  }

  /** Forget the endpoint's failures (it was disabled; re-enabling starts afresh). */
  async reset(endpointId: string): Promise<void> {
    this.known.delete(endpointId);
    await this.bucket().delete(endpointId);
  }

  private async failingSince(endpointId: string): Promise<number | null> {
    const cached = this.known.get(endpointId);
    if (cached !== undefined) return cached;
    const entry = await this.bucket().get(endpointId);
    const since = entry && entry.operation === 'PUT' ? Number(entry.string()) : null;
    this.known.set(endpointId, since);
    return since;
  }

  private async startFailing(endpointId: string, now: number): Promise<number> {
    await this.bucket().put(endpointId, String(now));
    this.known.set(endpointId, now);
    return now;
  }

  private bucket(): KV {
    if (!this.kv) throw new Error('FailureTracker used before start-up');
    return this.kv;
  }
}
