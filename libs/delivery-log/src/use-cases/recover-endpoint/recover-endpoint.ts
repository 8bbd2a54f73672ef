import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ulid } from 'ulid';
import type { Repository } from 'typeorm';
import { ID_PREFIXES, type AppId, type EndpointId } from '@hookstream/contracts';
import { IngestClient } from '../../ingest-client/ingest.client';
import { DELIVERY_LOG_CONNECTION } from '../../persistence/delivery-log-connection';
import { BackgroundTaskRecord } from '../../persistence/entities';
import { LogQueries } from '../../queries/log-queries';

export interface RecoverEndpointCommand {
  appId: AppId;
  endpoint: string;
  since: Date;
  until: Date | null;
}

/**
 * Svix recover: resend every failed delivery of an endpoint whose message was created in [since, until), as
 * manual attempts. Answers at once with a background task (`qtask_…`, `running`) and works in this process;
 * the task row says `finished` (with the count) or `failed` (with the reason). Messages whose payload was
 * expunged cannot be sent again and are counted as skipped. A process that dies mid-task
 * leaves it `running`: recover again (resends are per delivery, so a second run only repeats attempts).
 */
@Injectable()
export class RecoverEndpoint implements OnApplicationShutdown {
  private readonly logger = new Logger(RecoverEndpoint.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly queries: LogQueries,
    private readonly ingest: IngestClient,
    @InjectRepository(BackgroundTaskRecord, DELIVERY_LOG_CONNECTION) private readonly tasks: Repository<BackgroundTaskRecord>,
  ) {}

  async execute(command: RecoverEndpointCommand): Promise<BackgroundTaskRecord> {
    const endpoint = await this.queries.endpoint(command.appId, command.endpoint);
    const now = new Date();
    const task = await this.tasks.save(
      this.tasks.create({
        id: `${ID_PREFIXES.task}_${ulid()}`,
        task: 'endpoint.recover',
        status: 'running',
        appId: command.appId,
        data: { endpointId: endpoint.id, since: command.since.toISOString(), until: command.until?.toISOString() ?? null },
        createdAt: now,
        updatedAt: now,
      }),
    );
    const work = this.run(task, endpoint.id).finally(() => this.running.delete(work));
    this.running.add(work);
    return task;
  }

  /** Shutdown waits for running recoveries, so tests and SIGTERM do not cut one short. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.running);
  }

  private async run(task: BackgroundTaskRecord, endpointId: EndpointId): Promise<void> {
    const since = new Date(task.data.since as string);
    const until = task.data.until ? new Date(task.data.until as string) : null;
    let resent = 0;
    let skippedExpunged = 0;
    try {
      for (const message of await this.queries.failedDeliveries(task.appId, endpointId, since, until)) {
        if (message.payload === null) {
          skippedExpunged += 1;
          continue;
        }
        await this.ingest.manualDelivery({ appId: task.appId, endpointId, msgId: message.id, eventType: message.eventType, body: JSON.stringify(message.payload) });
        resent += 1;
      }
      await this.tasks.update(task.id, { status: 'finished', data: { ...task.data, messagesResent: resent, skippedExpunged }, updatedAt: new Date() });
    } catch (error) {
      this.logger.error({ err: error, taskId: task.id, endpointId }, 'endpoint recover failed');
      const reason = error instanceof Error ? error.message : String(error);
      await this.tasks.update(task.id, { status: 'failed', data: { ...task.data, messagesResent: resent, error: reason }, updatedAt: new Date() });
    }
  }
}
