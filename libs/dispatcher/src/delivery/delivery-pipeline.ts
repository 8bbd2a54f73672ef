import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  deliveryTaskDedupId,
  newAttemptId,
  type AttemptRecord,
  type DeliveryTask,
} from '@hookstream/contracts';
import { LogPublisher, NatsClients } from '@hookstream/platform';
import { SignerClient } from '@hookstream/signer';
import { HttpSender } from '../http/http-sender';
import { isSuccess, type SendResult } from '../outcome/attempt-outcome';
import { retryDelayMs } from '../retry/retry-delay';

const USER_AGENT = `Hookstream/${process.env.npm_package_version ?? '0.1.0'}`;

/**
 * One attempt of one delivery, as an explicit pipeline: prepare (sign) → send (POST) → record (attempt event,
 * and the next attempt's task when the schedule has one left).
 */
@Injectable()
export class DeliveryPipeline {
  private readonly logger = new Logger(DeliveryPipeline.name);

  constructor(
    private readonly signer: SignerClient,
    private readonly sender: HttpSender,
    private readonly log: LogPublisher,
    @Inject(NatsClients) private readonly nats: NatsClients,
  ) {}

  async run(task: DeliveryTask): Promise<AttemptRecord> {
    const headers = await this.prepare(task);
    const result = await this.sender.send({ url: task.url, headers, body: task.body, timeoutMs: task.timeoutMs });
    return this.record(task, result);
  }

  private async prepare(task: DeliveryTask): Promise<Record<string, string>> {
    const { headers: signatures } = await this.signer.sign({
      owner: task.keyOwner,
      msgId: task.msgId,
      timestamp: Math.floor(Date.now() / 1000),
      body: task.body,
      profiles: task.signatureProfiles,
    });
    return {
      ...task.headers,
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signatures,
    };
  }

  private async record(task: DeliveryTask, result: SendResult): Promise<AttemptRecord> {
    const succeeded = isSuccess(result);
    const delay = succeeded ? null : retryDelayMs(task.retrySchedule, task.attempt + 1);
    const attempt: AttemptRecord = {
      id: newAttemptId(),
      msgId: task.msgId,
      appId: task.appId,
      endpointId: task.endpointId,
      url: task.url,
      attemptNumber: task.attempt,
      trigger: task.trigger,
      outcome: succeeded ? 'succeeded' : 'failed',
      responseStatusCode: result.kind === 'response' ? result.statusCode : 0,
      response: result.kind === 'response' ? result.body : '',
      responseDurationMs: result.durationMs,
      error: result.kind === 'error' ? result.error : null,
      timestamp: new Date().toISOString(),
      final: delay === null,
    };
    if (delay !== null) await this.scheduleRetry(task, delay);
    await this.log.publish({ type: 'attempt.made', attempt });
    this.logger.log(
      { msgId: task.msgId, endpointId: task.endpointId, attempt: task.attempt, outcome: attempt.outcome, status: attempt.responseStatusCode },
      'attempt made',
    );
    return attempt;
  }

  /** The retry is a new task, parked by JetStream until `notBefore` (see DeliveriesConsumer). */
  private async scheduleRetry(task: DeliveryTask, delayMs: number): Promise<void> {
    const retry: DeliveryTask = { ...task, attempt: task.attempt + 1, notBefore: Date.now() + delayMs };
    await this.nats.js.publish(this.nats.subjects.delivery(task.appId, task.endpointId), JSON.stringify(retry), {
      msgID: deliveryTaskDedupId(retry),
    });
  }
}
