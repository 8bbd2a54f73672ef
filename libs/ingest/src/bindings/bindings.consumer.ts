import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { ingestBindingsConsumer } from '@hookstream/contracts';
import { ack, DeadLetters, JetStreamWorker, NatsClients, startDurableWorker, traceFromNatsHeaders, type Settlement } from '@hookstream/platform';
import { AcceptEventUseCase } from '../events/accept-event.use-case';
import { decodeJson, validateEnvelope } from '../events/envelope-parser';
import { EventRejection } from '../events/event-rejection';
import { RejectionsService } from '../rejections/rejections.service';
import { BindingsService } from './bindings.service';
import { boundEvent, subjectMatches } from './bound-envelope';

const CONCURRENCY = 32;

/**
 * Drains the BINDINGS stream: each platform message becomes an envelope for its binding's event type and takes
 * the same path as `<prefix>.events.<app>` (AcceptEvent); what cannot is rejected and recorded, never blocking.
 */
@Injectable()
export class BindingsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BindingsConsumer.name);
  private worker: JetStreamWorker | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly bindings: BindingsService,
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly rejections: RejectionsService,
    private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bindings.syncStream();
    this.worker = await startDurableWorker(this.nats, ingestBindingsConsumer(this.nats.subjects), {
      concurrency: CONCURRENCY,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
      deadLetters: this.deadLetters,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  private async handle(msg: JsMsg): Promise<Settlement> {
    let appRef = '';
    try {
      const binding = (await this.bindings.all()).find((candidate) => subjectMatches(candidate.subject, msg.subject));
      if (!binding) throw new EventRejection(`no binding matches subject "${msg.subject}"`, 'invalid_envelope');
      const bound = boundEvent(binding, decodeJson(msg.data));
      appRef = bound.appRef;
      const natsMsgId = msg.headers?.get('Nats-Msg-Id');
      if (bound.envelope.eventId === undefined && natsMsgId) bound.envelope.eventId = natsMsgId;
      const envelope = validateEnvelope(bound.envelope);
      await this.acceptEvent.execute({ appIdOrUid: appRef, envelope, trace: traceFromNatsHeaders(msg.headers), callerWaits: false });
    } catch (error) {
      if (!(error instanceof EventRejection)) throw error;
      await this.rejections.record({ appRef, subject: msg.subject, rejection: error, raw: msg.data });
    }
    return ack();
  }
}
