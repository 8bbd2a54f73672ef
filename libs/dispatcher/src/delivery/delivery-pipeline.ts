import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryTask } from '@hookstream/contracts';
import { childSpan, LogPublisher, traceHttpHeaders, type TraceContext } from '@hookstream/platform';
import { CircuitBreaker } from '../health/circuit-breaker';
import { EndpointHealth } from '../health/endpoint-health';
import { EndpointLimiter } from '../health/endpoint-limiter';
import { EndpointStates } from '../health/endpoint-states';
import { HttpSender } from '../http/http-sender';
import { classify, type Outcome, type SendResult } from '../outcome/attempt-outcome';
import { DeliveryMetrics, type ParkReason } from '../observability/delivery-metrics';
import { OrderingGate } from '../ordering/ordering-gate';
import { retryDelayMs } from '../retry/retry-delay';
import { BatchingSigner } from '../signing/batching-signer';
import { attemptRecord } from './attempt-records';
import { SendingAnnouncer } from './sending-announcer';
import { TaskScheduler } from './task-scheduler';

const USER_AGENT = `Hookstream/${process.env.npm_package_version ?? '0.1.0'}`;

/**
 * One delivery task through an explicit pipeline: gate (disabled? its turn? circuit? limits?) → prepare (sign) →
 * send (POST; `delivery.sending` if it runs long) → record (attempt event and the retry), then what the outcome
 * means for the endpoint.
 */
@Injectable()
export class DeliveryPipeline {
  private readonly logger = new Logger(DeliveryPipeline.name);

  constructor(
    private readonly signer: BatchingSigner,
    private readonly sender: HttpSender,
    private readonly log: LogPublisher,
    private readonly scheduler: TaskScheduler,
    private readonly states: EndpointStates,
    private readonly circuit: CircuitBreaker,
    private readonly limiter: EndpointLimiter,
    private readonly metrics: DeliveryMetrics,
    private readonly health: EndpointHealth,
    private readonly ordering: OrderingGate,
    private readonly sending: SendingAnnouncer,
  ) {}

  /**
   * `incoming` is the trace context the task arrived with (ingest's span); a task without one (published before traces
   * were carried) starts a trace here, which its retries then keep. Each POST is a new span in it.
   */
  async handle(task: DeliveryTask, incoming: TraceContext | null = null): Promise<void> {
    const takenUpAt = performance.now();
    const trace = incoming ?? childSpan(null);
    if (this.states.isDisabled(task.endpointId)) return this.cancel(task, 'endpoint disabled');
    const turn = await this.ordering.turn(task);
    if (turn.kind === 'done') return;
    if (turn.kind === 'wait') return this.defer(task, turn.untilMs, 'waiting-turn', trace);
    const openUntil = this.circuit.blockedUntil(task);
    if (openUntil !== null) return this.defer(task, openUntil, 'circuit-open', trace);
    const admission = await this.limiter.admitOrWait(task);
    if (!admission.admitted) return this.defer(task, admission.retryAt, 'endpoint-busy', trace);
    const span = childSpan(trace);
    let result: SendResult;
    try {
      const headers = await this.prepare(task, span);
      this.metrics.prepared(performance.now() - takenUpAt);
      const ended = this.sending.started(task);
      try {
        result = await this.sender.send({ url: task.url, headers, body: task.body, timeoutMs: task.timeoutMs });
      } finally {
        ended();
      }
    } finally {
      admission.release();
    }
    await this.record(task, result, trace, span);
  }

  private defer(task: DeliveryTask, until: number, reason: ParkReason, trace: TraceContext): Promise<void> {
    this.metrics.park(reason);
    return this.scheduler.defer(task, until, trace);
  }

  private async prepare(task: DeliveryTask, span: TraceContext): Promise<Record<string, string>> {
    const { headers: signatures } = await this.signer.sign({
      owner: task.keyOwner,
      msgId: task.msgId,
      timestamp: Math.floor(Date.now() / 1000),
      body: task.body,
      profiles: task.signatureProfiles,
    });
    return { ...task.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT, ...traceHttpHeaders(span), ...signatures };
  }

  /** The retry keeps the task's `trace` (its POST a sibling of this one); `span` is this POST's. */
  private async record(task: DeliveryTask, result: SendResult, trace: TraceContext, span: TraceContext): Promise<void> {
    const outcome = classify(result);
    const delay = outcome.success || outcome.disableEndpoint ? null : this.nextDelay(task, outcome);
    const record = attemptRecord(task, {
      succeeded: outcome.success,
      responseStatusCode: result.kind === 'response' ? result.statusCode : 0,
      response: result.kind === 'response' ? result.body : '',
      durationMs: result.durationMs,
      error: result.kind === 'error' ? result.error : null,
      final: delay === null,
    });
    const attempt = { ...record, traceId: span.traceId };
    // Published side by side, both PubAcks awaited: the task is acked only after its attempt and its retry are stored.
    // Nothing waits for an unordered task's ack, so its attempt may linger for company; an ordered one's next task waits.
    const stored = Promise.all([this.log.publish({ type: 'attempt.made', attempt }, { linger: task.orderingKey === undefined }), delay === null ? null : this.scheduleRetry(task, delay, trace)]);
    // Only now, with the attempt queued on the LOG: the circuit change it may cause is queued after it, so delivery-log
    // never shows a circuit opened by an attempt it does not have yet.
    this.learn(task, result, outcome);
    await stored;
    this.logger.log(
      {
        msgId: task.msgId,
        appId: task.appId,
        endpointId: task.endpointId,
        attempt: task.attempt,
        outcome: attempt.outcome,
        status: attempt.responseStatusCode,
        durationMs: attempt.responseDurationMs,
        retryInMs: delay,
        traceId: span.traceId,
        spanId: span.spanId,
      },
      'attempt made',
    );
    if (attempt.final) await this.ordering.advance(task);
    await this.health.afterAttempt(task, outcome, attempt);
  }

  private async scheduleRetry(task: DeliveryTask, delay: number, trace: TraceContext): Promise<void> {
    this.metrics.park('retry');
    await this.scheduler.retry(task, delay, trace);
    await this.ordering.hold(task, Date.now() + delay);
  }

  private nextDelay(task: DeliveryTask, outcome: Outcome): number | null {
    return retryDelayMs({
      schedule: task.retrySchedule,
      nextAttempt: task.attempt + 1,
      retryAfterMs: outcome.retryAfterMs,
      penalize: outcome.penalize,
    });
  }

  private learn(task: DeliveryTask, result: SendResult, outcome: Outcome): void {
    const blocked = result.kind === 'error' && result.blocked;
    this.metrics.attempt(outcome.success ? 'succeeded' : blocked ? 'blocked' : 'failed', result.durationMs);
    const before = this.circuit.state(task.endpointId);
    this.circuit.record(task, !outcome.unhealthy);
    const after = this.circuit.state(task.endpointId);
    if (after !== before) this.metrics.circuit(after);
    this.limiter.observe(task.endpointId, result.durationMs);
    if (outcome.slowDown) this.limiter.slowDown(task.endpointId);
    if (outcome.success) this.limiter.recover(task);
  }

  private async cancel(task: DeliveryTask, reason: string): Promise<void> {
    const delivery = { msgId: task.msgId, appId: task.appId, endpointId: task.endpointId, reason, timestamp: new Date().toISOString() };
    await this.log.publish({ type: 'delivery.cancelled', delivery });
    await this.ordering.advance(task);
  }
}

