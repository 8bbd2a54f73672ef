import { Injectable } from '@nestjs/common';
import type { OpsEvent } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';
import type { ApplicationEntity } from '../persistence/application.entity';
import type { EndpointEntity } from '../persistence/endpoint.entity';
import { EndpointCache } from './endpoint-cache';
import { toEndpointRecord } from './endpoint.mapper';

type EndpointChange = 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted';

/**
 * Tells everyone an endpoint changed: `endpoint.upserted` on the log (delivery-log's projection, the
 * dispatcher's disabled set, every ingest replica's endpoint cache) and the operational event.
 * A deleted endpoint is announced as disabled, so queued deliveries to it are cancelled.
 */
@Injectable()
export class EndpointEvents {
  constructor(
    private readonly log: LogPublisher,
    private readonly cache: EndpointCache,
  ) {}

  async changed(app: Pick<ApplicationEntity, 'id' | 'uid'>, endpoint: EndpointEntity, change: EndpointChange): Promise<void> {
    this.cache.invalidate(endpoint.appId);
    const updatedAt = change === 'endpoint.deleted' ? new Date() : endpoint.updatedAt;
    const record = { ...toEndpointRecord(endpoint), updatedAt: updatedAt.toISOString() };
    if (change === 'endpoint.deleted') record.disabled = true;
    await this.log.publish({ type: 'endpoint.upserted', endpoint: record });
    const event: OpsEvent = {
      type: change,
      timestamp: new Date().toISOString(),
      data: { appId: endpoint.appId, appUid: app.uid, endpointId: endpoint.id, endpointUid: endpoint.uid },
    };
    await this.log.publishOps(event, `${endpoint.id}:${record.updatedAt}`);
  }

  /** The operational event `endpoint.disabled` for a disable through the API (the dispatcher publishes the automatic ones). */
  async disabledManually(endpoint: EndpointEntity): Promise<void> {
    const timestamp = (endpoint.disabledAt ?? endpoint.updatedAt).toISOString();
    const event: OpsEvent = {
      type: 'endpoint.disabled',
      timestamp,
      data: { appId: endpoint.appId, endpointId: endpoint.id, trigger: 'manual', reason: 'manual', detail: 'disabled through the API' },
    };
    await this.log.publishOps(event, `${endpoint.id}:disabled:${timestamp}`);
  }
}
