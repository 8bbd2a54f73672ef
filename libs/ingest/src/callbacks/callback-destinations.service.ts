import { Injectable } from '@nestjs/common';
import type { EndpointId } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';
import type { ApplicationEntity } from '../persistence/application.entity';
import { callbackEndpointId } from './callback-destination';

/** Announcements remembered per replica; past this many, the oldest are forgotten (and announced again). */
const REMEMBERED = 10_000;

/**
 * Per-request `callbackUrl`s get a pseudo-endpoint so their attempts are logged like any other
 * delivery. Its `endpoint.upserted` (flagged `callback`) is published the first time a replica uses it, so
 * delivery-log knows its URL; repeats within JetStream's dedup window are dropped.
 */
@Injectable()
export class CallbackDestinations {
  private readonly announced = new Set<EndpointId>();

  constructor(private readonly log: LogPublisher) {}

  async destinationFor(app: ApplicationEntity, url: string): Promise<EndpointId> {
    const endpointId = callbackEndpointId(app.id, url);
    if (this.announced.has(endpointId)) return endpointId;
    const now = new Date().toISOString();
    await this.log.publish({
      type: 'endpoint.upserted',
      endpoint: { id: endpointId, appId: app.id, uid: null, url, disabled: false, createdAt: now, updatedAt: now, callback: true },
    });
    if (this.announced.size >= REMEMBERED) this.announced.delete(this.announced.values().next().value as EndpointId);
    this.announced.add(endpointId);
    return endpointId;
  }
}
