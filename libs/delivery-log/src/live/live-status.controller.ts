import { Controller, Inject, Param, Sse, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { logEventsOf, type LogEvent, type LogMessageBody } from '@hookstream/contracts';
import { NatsClients } from '@hookstream/platform';
import { Observable } from 'rxjs';
import { STATUS_TEXT } from '../api/delivery-log.mapper';
import { FreshStatusFilter, statusChangesOf, type DeliveryStatusChange } from '../projection/delivery-status';
import { LogQueries } from '../queries/log-queries';

/**
 * Live delivery status (SSE) for UIs that prefer it to polling. Each stream subscribes on core NATS to the app's
 * LOG subjects (`<p>.log.<appId>.>`; JetStream-published messages reach core subscribers too), so it works on
 * every delivery-log replica, whichever replica projects the event. Status comes from the event itself, at the
 * moment it is published (a little before the projection shows it); a stream starts with what happens after
 * it opens, except the per-message stream, which first sends each destination's current status.
 */
@ApiTags('Live status')
@Controller('api/v1/app/:app')
export class LiveStatusController {
  constructor(
    private readonly queries: LogQueries,
    @Inject(NatsClients) private readonly nats: NatsClients,
  ) {}

  /** Every delivery status change of the app: `event: status`, data `{ msgId, endpointId, status, statusText, … }`. */
  @Sse('events/stream')
  async appStream(@Param('app') appIdOrUid: string): Promise<Observable<MessageEvent>> {
    const app = await this.queries.app(appIdOrUid);
    return this.changes(app.id, () => true, []);
  }

  /** The status changes of one message's deliveries, starting with their current status. */
  @Sse('msg/:msg/events')
  async messageStream(@Param('app') appIdOrUid: string, @Param('msg') msg: string): Promise<Observable<MessageEvent>> {
    const app = await this.queries.app(appIdOrUid);
    const message = await this.queries.message(app.id, msg);
    const current = (await this.queries.destinations(app.id, message.id)).map(({ delivery }) => ({
      appId: app.id, msgId: message.id, endpointId: delivery.endpointId, status: delivery.status,
      timestamp: (delivery.lastAttemptAt ?? message.timestamp).toISOString(),
    }));
    return this.changes(app.id, (change) => change.msgId === message.id, current);
  }

  private changes(appId: string, keep: (change: DeliveryStatusChange) => boolean, initial: DeliveryStatusChange[]): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const fresh = new FreshStatusFilter();
      const emit = (change: DeliveryStatusChange) => {
        if (keep(change) && fresh.accept(change)) subscriber.next(toEvent(change));
      };
      initial.forEach(emit);
      const subscription = this.nats.connection.subscribe(this.nats.subjects.log(appId, '>'), {
        callback: (error, msg) => {
          if (error) return subscriber.error(error);
          let events: LogEvent[];
          try {
            events = logEventsOf(msg.json<LogMessageBody>());
          } catch {
            return;
          }
          for (const event of events) statusChangesOf(event).forEach(emit);
        },
      });
      return () => subscription.unsubscribe();
    });
  }
}

function toEvent(change: DeliveryStatusChange): MessageEvent {
  return { type: 'status', data: { ...change, statusText: STATUS_TEXT[change.status] } };
}
