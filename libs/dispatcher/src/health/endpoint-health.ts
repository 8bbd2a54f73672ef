import { Injectable, Logger } from '@nestjs/common';
import type { AttemptRecord, DeliveryTask, OpsEvent } from '@hookstream/contracts';
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
 * events `endpoint.disabled`, `message.attempt.failing|recovered|exhausted` (SPEC §7).
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
      return this.disable(task, 'failing without a success for longer than HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS');
    }
    if (task.attempt === FAILING_AFTER_ATTEMPT && !attempt.final) await this.publishAttemptEvent('message.attempt.failing', task, attempt);
    if (attempt.final) await this.log.publishOps(exhaustedEvent(task, attempt), exhaustedDedupId(task));
  }

  private async succeeded(task: DeliveryTask, attempt: AttemptRecord): Promise<void> {
    await this.failures.succeeded(task.endpointId);
    if (task.attempt > FAILING_AFTER_ATTEMPT) await this.publishAttemptEvent('message.attempt.recovered', task, attempt);
  }

  private async disable(task: DeliveryTask, reason: string): Promise<void> {
    this.states.markDisabled(task.endpointId);
    await this.failures.reset(task.endpointId);
    this.logger.warn({ endpointId: task.endpointId, reason }, 'endpoint disabled');
    await this.log.publishOps(
      { type: 'endpoint.disabled', timestamp: new Date().toISOString(), data: { appId: task.appId, endpointId: task.endpointId, trigger: 'automatic', reason } },
      task.endpointId,
    );
  }

  private async publishAttemptEvent(type: 'message.attempt.failing' | 'message.attempt.recovered', task: DeliveryTask, attempt: AttemptRecord): Promise<void> {
    const lastAttempt = { id: attempt.id, responseStatusCode: attempt.responseStatusCode, timestamp: attempt.timestamp };
    const event: OpsEvent = { type, timestamp: attempt.timestamp, data: { appId: task.appId, msgId: task.msgId, endpointId: task.endpointId, lastAttempt } };
    await this.log.publishOps(event, `${task.msgId}:${task.endpointId}`);
  }
}

function receiverAsked(attempt: AttemptRecord): string {
  return attempt.responseStatusCode === 410 ? 'endpoint answered 410 Gone' : 'endpoint answered webhook-delivery: disable';
}
