import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { KV, Subscription } from 'nats';
import { logEventsOf, type DisabledReason, type LogMessageBody, type OpsEvent } from '@hookstream/contracts';
import { NatsClients } from '@hookstream/platform';
import { EndpointHealthBucket } from './endpoint-health-bucket';

const DISABLED_KEY = 'disabled.';

/**
 * Which endpoints are disabled, as far as this dispatcher knows: learnt at once from its own 410s, and from every
 * replica's `endpoint.disabled` and ingest's `endpoint.upserted` events (core NATS sees JetStream publishes too).
 * What it learns it keeps in the `<P>_ENDPOINT_HEALTH` bucket (`disabled.<endpointId>`), and reads back at start,
 * before any worker pulls, so a restarted replica does not attempt parked retries of an endpoint disabled earlier.
 * A parked retry whose endpoint is disabled is cancelled instead of sent.
 */
@Injectable()
export class EndpointStates implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EndpointStates.name);
  private readonly disabled = new Set<string>();
  /** Endpoints a live event told about while the bucket was being read; its older view of them is ignored. */
  private learntWhileLoading: Set<string> | null = new Set<string>();
  private readonly subscriptions: Subscription[] = [];
  private kv: KV | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly bucket: EndpointHealthBucket,
  ) {}

  /** Module init runs before any `onApplicationBootstrap`, where the delivery workers start pulling. */
  async onModuleInit(): Promise<void> {
    this.kv = await this.bucket.open();
    this.subscribe();
    for await (const key of await this.kv.keys(`${DISABLED_KEY}>`)) {
      const endpointId = key.slice(DISABLED_KEY.length);
      if (!this.learntWhileLoading?.has(endpointId)) this.disabled.add(endpointId);
    }
    this.learntWhileLoading = null;
    this.logger.log({ disabledEndpoints: this.disabled.size }, 'disabled endpoints loaded');
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  isDisabled(endpointId: string): boolean {
    return this.disabled.has(endpointId);
  }

  /** This replica disabled the endpoint (its answer said so, or it kept failing). */
  markDisabled(endpointId: string, reason: DisabledReason): Promise<void> {
    return this.learn(endpointId, true, reason);
  }

  private subscribe(): void {
    const { subjects, connection } = this.nats;
    this.subscriptions.push(
      connection.subscribe(subjects.ops('*', 'endpoint.disabled'), {
        callback: (error, msg) => {
          if (error) return this.logger.warn({ err: error }, 'endpoint.disabled subscription failed');
          const event = msg.json<OpsEvent>();
          if (event.type === 'endpoint.disabled') void this.learn(event.data.endpointId, true, event.data.reason);
        },
      }),
      connection.subscribe(subjects.log('*', 'endpoint.upserted'), {
        callback: (error, msg) => {
          if (error) return this.logger.warn({ err: error }, 'endpoint.upserted subscription failed');
          for (const event of logEventsOf(msg.json<LogMessageBody>())) {
            if (event.type === 'endpoint.upserted') void this.learn(event.endpoint.id, event.endpoint.disabled, event.endpoint.disabledReason ?? null);
          }
        },
      }),
    );
  }

  /** Written only when this replica's view changes: a few writes per disable or enable (one per replica), never per task. */
  private async learn(endpointId: string, disabled: boolean, reason: DisabledReason | null): Promise<void> {
    this.learntWhileLoading?.add(endpointId);
    if (disabled === this.disabled.has(endpointId)) return;
    if (disabled) this.disabled.add(endpointId);
    else this.disabled.delete(endpointId);
    await this.persist(endpointId, disabled, reason).catch((error: Error) => {
      this.logger.warn({ endpointId, disabled, err: error }, 'disabled state not written to the endpoint health bucket');
    });
  }

  private async persist(endpointId: string, disabled: boolean, reason: DisabledReason | null): Promise<void> {
    if (!this.kv) throw new Error('EndpointStates used before start-up');
    const key = `${DISABLED_KEY}${endpointId}`;
    if (disabled) await this.kv.put(key, JSON.stringify({ reason, at: new Date().toISOString() }));
    else await this.kv.delete(key);
  }
}
