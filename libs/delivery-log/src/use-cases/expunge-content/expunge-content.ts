import { Injectable } from '@nestjs/common';
import type { AppId, LogEvent } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';
import { LogProjector } from '../../projection/log-projector';
import { LogQueries } from '../../queries/log-queries';

/**
 * Svix expunge (a message's payload, an attempt's response). Event-sourced like every other change: the event
 * goes on the LOG stream (so a rebuild keeps it expunged) and is applied here at once (so the answer means
 * done). The LOG stream itself still holds the original until its retention (30 d) removes it.
 */
@Injectable()
export class ExpungeContent {
  constructor(
    private readonly queries: LogQueries,
    private readonly log: LogPublisher,
    private readonly projector: LogProjector,
  ) {}

  async message(appId: AppId, msg: string): Promise<void> {
    const message = await this.queries.message(appId, msg);
    await this.record({ type: 'message.content.expunged', content: { appId, msgId: message.id, timestamp: new Date().toISOString() } });
  }

  async attempt(appId: AppId, msg: string, attemptId: string): Promise<void> {
    const message = await this.queries.message(appId, msg);
    const attempt = await this.queries.attempt(appId, message.id, attemptId);
    await this.record({
      type: 'attempt.content.expunged',
      content: { appId, msgId: message.id, attemptId: attempt.id, timestamp: new Date().toISOString() },
    });
  }

  private async record(event: LogEvent): Promise<void> {
    await this.log.publish(event);
    await this.projector.apply(event);
  }
}
