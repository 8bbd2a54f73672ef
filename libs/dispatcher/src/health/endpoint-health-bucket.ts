import { Inject, Injectable } from '@nestjs/common';
import type { KV } from 'nats';
import { HookstreamConfig, NatsClients } from '@hookstream/platform';

/**
 * The dispatcher's JetStream KV bucket `<P>_ENDPOINT_HEALTH`, shared by every replica: `<endpointId>` → failing
 * since (FailureTracker), `disabled.<endpointId>` → why it is disabled (EndpointStates). Opened once per process.
 */
@Injectable()
export class EndpointHealthBucket {
  private opening: Promise<KV> | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly config: HookstreamConfig,
  ) {}

  open(): Promise<KV> {
    const bucket = `${this.nats.subjects.prefix.toUpperCase()}_ENDPOINT_HEALTH`;
    this.opening ??= this.nats.js.views.kv(bucket, { history: 1, replicas: this.config.streamReplicas });
    return this.opening;
  }
}
