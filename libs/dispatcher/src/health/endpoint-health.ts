import { Injectable, Logger } from '@nestjs/common';
import type { AttemptRecord, DeliveryTask, DisabledReason, OpsEvent } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';
import { exhaustedDedupId, exhaustedEvent } from '../delivery/attempt-records';
import type { Outcome } from '../outcome/attempt-outcome';
import { EndpointStates } from './endpoint-states';
import { FailureTracker } from './failure-tracker';

/** Svix sends `message.attempt.failing` when this attempt of a delivery fails, `recovered` on a later success. */
export const FAILING_AFTER_ATTEMPT = 4;

/**
 * What an attempt's outcome means for its endpoint and its delivery, beyond the attempt itself: disabling the
 * endpoint (410, `webhook-delivery: disable`, or failing without a success for too long) and the operational
 * events `endpoint.disabled`, `message.attempt.failing|recovered|exhausted`.
 */
@Injectable()
export class EndpointHealth {
  private readonly logger = new Logger(EndpointHealth.name);

  constructor(
    private readonly log: LogPublisher,
    private readonly states: EndpointStates,
    private readonly failures: FailureTracker,
  ) {}

  async afterAttempt(task: DeliveryTask, outcome: Outcome, attempt: AttemptRecord): Promise<void> {
    if (outcome.disableEndpoint) return this.disable(task, receiverAsked(attempt));
    if (outcome.success) return this.succeeded(task, attempt);
    if (await this.failures.failed(task.endpointId)) {
      const since = await this.failures.failingSinceMs(task.endpointId);
      return this.disable(task, {
        reason: 'failing',
        detail: 'failing without a success for longer than HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS',
        ...(since !== null ? { failSince: new Date(since).toISOString() } : {}),
      });
    }
    if (task.attempt === FAILING_AFTER_ATTEMPT && !attempt.final) await this.publishAttemptEvent('message.attempt.failing', task, attempt);
    if (attempt.final) await this.log.publishOps(exhaustedEvent(task, attempt), exhaustedDedupId(task));
  }

  private async succeeded(task: DeliveryTask, attempt: AttemptRecord): Promise<void> {
    await this.failures.succeeded(task.endpointId);
    if (task.attempt > FAILING_AFTER_ATTEMPT) await this.publishAttemptEvent('message.attempt.recovered', task, attempt);
  }

  /**
   * Published before it is marked here, so a failed publish fails the task, whose redelivery tries again; tasks of
   * an endpoint already disabled on this replica publish nothing (one event per disable, not per in-flight task).
   */
  private async disable(task: DeliveryTask, why: DisableCause): Promise<void> {
    if (this.states.isDisabled(task.endpointId)) return;
    this.logger.warn({ appId: task.appId, endpointId: task.endpointId, reason: why.reason, detail: why.detail }, 'endpoint disabled');
    const timestamp = new Date().toISOString();
    await this.log.publishOps(
      { type: 'endpoint.disabled', timestamp, data: { appId: task.appId, endpointId: task.endpointId, trigger: 'automatic', ...why } },
      `${task.endpointId}:${timestamp}`,
    );
    await this.states.markDisabled(task.endpointId, why.reason);
    await this.failures.reset(task.endpointId);
  }

  private async publishAttemptEvent(type: 'message.attempt.failing' | 'message.attempt.recovered', task: DeliveryTask, attempt: AttemptRecord): Promise<void> {
    const lastAttempt = { id: attempt.id, responseStatusCode: attempt.responseStatusCode, timestamp: attempt.timestamp };
    const event: OpsEvent = { type, timestamp: attempt.timestamp, data: { appId: task.appId, msgId: task.msgId, endpointId: task.endpointId, lastAttempt } };
    await this.log.publishOps(event, `${task.msgId}:${task.endpointId}`);
  }
}

interface DisableCause {
  reason: DisabledReason;
  detail: string;
  failSince?: string;
}

function receiverAsked(attempt: AttemptRecord): DisableCause {
  return attempt.responseStatusCode === 410
    ? { reason: 'gone', detail: 'endpoint answered 410 Gone' }
    : { reason: 'receiver-requested', detail: `endpoint answered webhook-delivery: disable (HTTP ${attempt.responseStatusCode})` };
}
