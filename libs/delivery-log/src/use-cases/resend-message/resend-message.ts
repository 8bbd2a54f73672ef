import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { AppId, EndpointId } from '@hookstream/contracts';
import { IngestClient } from '../../ingest-client/ingest.client';
import { LogQueries } from '../../queries/log-queries';

export interface ResendMessageCommand {
  appId: AppId;
  msg: string;
  endpoint: string;
}

/**
 * Svix resend: a manual attempt of a stored message to one endpoint, whatever its filters. ingest
 * owns the endpoint's settings, so it builds and publishes the task; the attempt is logged with trigger manual.
 */
@Injectable()
export class ResendMessage {
  constructor(
    private readonly queries: LogQueries,
    private readonly ingest: IngestClient,
  ) {}

  async execute(command: ResendMessageCommand): Promise<void> {
    const message = await this.queries.message(command.appId, command.msg);
    const endpoint = await this.queries.endpoint(command.appId, command.endpoint);
    if (message.payload === null) throw new UnprocessableEntityException(`Message "${message.id}" has no content left to resend (expunged)`);
    await this.ingest.manualDelivery({
      appId: command.appId,
      endpointId: endpoint.id as EndpointId,
      msgId: message.id,
      eventType: message.eventType,
      body: JSON.stringify(message.payload),
    });
  }
}
