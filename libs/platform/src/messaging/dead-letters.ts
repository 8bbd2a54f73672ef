import { Injectable, Logger } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { Counter } from 'prom-client';
import { hasIdPrefix, ID_PREFIXES, newDeadLetterId, storableText, type AppId, type DeadLetterRecord } from '@hookstream/contracts';
import { registeredMetric } from '../observability/registered-metric';
import { LogPublisher } from './log-publisher';

const EXCERPT_BYTES = 1024;
const REASON_CHARS = 1000;

const deadLetterCount = () =>
  registeredMetric(
    'hookstream_dead_letters_total',
    () => new Counter({ name: 'hookstream_dead_letters_total', help: 'Messages a consumer gave up on after repeated failures of their own', labelNames: ['consumer'] }),
  );

/**
 * Records a message a consumer gives up on: a `dead_letter.recorded` event on the LOG stream (delivery-log lists
 * them), an error line and a count in `/metrics`. Whatever the message holds is stored as storable text.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(private readonly log: LogPublisher) {
    deadLetterCount();
  }

  async record(msg: JsMsg, consumer: string, error: unknown): Promise<DeadLetterRecord> {
    const deadLetter: DeadLetterRecord = {
      id: newDeadLetterId(),
      consumer,
      stream: msg.info.stream,
      streamSeq: msg.info.streamSequence,
      subject: storableText(msg.subject),
      appId: appIdInSubject(msg.subject),
      deliveries: msg.info.deliveryCount,
      reason: storableText(reasonOf(error)).slice(0, REASON_CHARS),
      excerpt: storableText(Buffer.from(msg.data.subarray(0, EXCERPT_BYTES)).toString('utf8')),
      timestamp: new Date().toISOString(),
    };
    await this.log.publish({ type: 'dead_letter.recorded', deadLetter });
    deadLetterCount().inc({ consumer });
    this.logger.error({ consumer, stream: deadLetter.stream, seq: deadLetter.streamSeq, deliveries: deadLetter.deliveries, reason: deadLetter.reason, deadLetterId: deadLetter.id }, 'message dead-lettered');
    return deadLetter;
  }
}

/** `<prefix>.<kind>.<app id>.…`: the third token, when it is an app id. */
function appIdInSubject(subject: string): AppId | null {
  const token = subject.split('.')[2];
  return token && hasIdPrefix(token, ID_PREFIXES.app) && !/[^A-Za-z0-9_]/.test(token) ? (token as AppId) : null;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}
