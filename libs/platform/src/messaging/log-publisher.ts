import { Inject, Injectable } from '@nestjs/common';
import { logEventDedupId, type LogEvent, type OpsEvent } from '@hookstream/contracts';
import { NatsClients } from './nats-clients';

function appIdOf(event: LogEvent): string {
  switch (event.type) {
    case 'app.upserted':
      return event.app.id;
    case 'endpoint.upserted':
      return event.endpoint.appId;
    case 'message.accepted':
      return event.message.appId;
    case 'attempt.made':
      return event.attempt.appId;
    case 'delivery.cancelled':
    case 'delivery.sending':
      return event.delivery.appId;
    case 'message.content.expunged':
    case 'attempt.content.expunged':
      return event.content.appId;
    case 'endpoint.circuit.changed':
      return event.circuit.appId;
  }
}

/** Appends events to the LOG stream, deduplicated by a stable id so a retried publish is harmless. */
@Injectable()
export class LogPublisher {
  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  async publish(event: LogEvent): Promise<void> {
    const subject = this.nats.subjects.log(appIdOf(event), event.type);
    await this.nats.js.publish(subject, JSON.stringify(event), { msgID: logEventDedupId(event) });
  }

  /** Operational events go to `<prefix>.ops.<appId>.<type>` (kept by the LOG stream too). */
  async publishOps(event: OpsEvent, dedupId: string): Promise<void> {
    const subject = this.nats.subjects.ops(event.data.appId, event.type);
    await this.nats.js.publish(subject, JSON.stringify(event), { msgID: `ops:${event.type}:${dedupId}` });
  }
}
