import type { AttemptRecord, LogEvent } from '@hookstream/contracts';
import type { DeliveryStatus } from '../persistence/entities';

/** The delivery status an attempt leaves behind: succeeded, failed when it was the last, else pending (a retry). */
export function attemptStatus(attempt: Pick<AttemptRecord, 'outcome' | 'final'>): DeliveryStatus {
  if (attempt.outcome === 'succeeded') return 'succeeded';
  return attempt.final ? 'failed' : 'pending';
}

/** One (message, endpoint) delivery changing status, as the live status stream (SSE) shows it. */
export interface DeliveryStatusChange {
  appId: string;
  msgId: string;
  endpointId: string;
  status: DeliveryStatus;
  /** The attempt that caused it, when one did. */
  attemptId?: string;
  attemptNumber?: number;
  responseStatusCode?: number;
  timestamp: string;
}

/** The status changes an event announces (none for events that do not touch a delivery). */
export function statusChangesOf(event: LogEvent): DeliveryStatusChange[] {
  switch (event.type) {
    case 'message.accepted': {
      const { appId, id: msgId, timestamp } = event.message;
      return event.endpointIds.map((endpointId) => ({ appId, msgId, endpointId, status: 'pending', timestamp }));
    }
    case 'delivery.sending': {
      const { appId, msgId, endpointId, attemptNumber, timestamp } = event.delivery;
      return [{ appId, msgId, endpointId, status: 'sending', attemptNumber, timestamp }];
    }
    case 'attempt.made': {
      const a = event.attempt;
      return [{
        appId: a.appId, msgId: a.msgId, endpointId: a.endpointId, status: attemptStatus(a), attemptId: a.id,
        attemptNumber: a.attemptNumber, responseStatusCode: a.responseStatusCode, timestamp: a.timestamp,
      }];
    }
    case 'delivery.cancelled': {
      const { appId, msgId, endpointId, timestamp } = event.delivery;
      return [{ appId, msgId, endpointId, status: 'cancelled', timestamp }];
    }
    default:
      return [];
  }
}

/**
 * Keeps a live stream from going backwards: events can arrive out of order (`delivery.sending` is published
 * beside its POST, so it may land after the attempt's result), so a change older than what the stream already
 * showed for that delivery — an earlier attempt, or `sending` after its own attempt's outcome — is dropped.
 */
export class FreshStatusFilter {
  private readonly shown = new Map<string, { attempt: number; rank: number }>();

  accept(change: DeliveryStatusChange): boolean {
    if (change.status === 'cancelled') return true;
    const key = `${change.msgId}:${change.endpointId}`;
    const position = { attempt: change.attemptNumber ?? 0, rank: change.status === 'sending' ? 0 : 1 };
    const previous = this.shown.get(key);
    if (previous && (position.attempt < previous.attempt || (position.attempt === previous.attempt && position.rank <= previous.rank))) {
      return false;
    }
    this.shown.set(key, position);
    return true;
  }
}
