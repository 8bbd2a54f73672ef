import { Inject, Injectable, Logger } from '@nestjs/common';
import { NatsClients } from '@hookstream/platform';
import type { EventRejection } from './event-rejection';

const RAW_EXCERPT_BYTES = 1024;

/** Publishes a refused envelope with its reason on `<prefix>.rejected.<appId>` (kept by the LOG stream). */
@Injectable()
export class RejectionPublisher {
  private readonly logger = new Logger(RejectionPublisher.name);

  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  async publish(appIdOrUid: string, rejection: EventRejection, raw: Uint8Array): Promise<void> {
    const record = {
      type: 'event.rejected',
      app: appIdOrUid,
      code: rejection.code,
      reason: rejection.reason,
      excerpt: Buffer.from(raw.subarray(0, RAW_EXCERPT_BYTES)).toString('utf8'),
      receivedAt: new Date().toISOString(),
    };
    this.logger.warn({ app: appIdOrUid, code: rejection.code, reason: rejection.reason }, 'event rejected');
    await this.nats.js.publish(this.nats.subjects.rejected(appIdOrUid), JSON.stringify(record));
  }
}
