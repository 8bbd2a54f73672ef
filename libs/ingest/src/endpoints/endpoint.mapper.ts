import type { EndpointOut, EndpointRecord } from '@hookstream/contracts';
import type { EndpointEntity } from '../persistence/endpoint.entity';

export function toEndpointOut(endpoint: EndpointEntity): EndpointOut {
  return {
    id: endpoint.id,
    uid: endpoint.uid,
    url: endpoint.url,
    description: endpoint.description,
    version: endpoint.version,
    disabled: endpoint.disabled,
    filterTypes: endpoint.filterTypes,
    channels: endpoint.channels,
    rateLimit: endpoint.rateLimit,
    throttleRate: endpoint.rateLimit,
    metadata: endpoint.metadata,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    retrySchedule: endpoint.retrySchedule,
    timeoutMs: endpoint.timeoutMs,
    signatureProfiles: endpoint.signatureProfiles,
    maxConcurrency: endpoint.maxConcurrency,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
  };
}

export function toEndpointRecord(endpoint: EndpointEntity): EndpointRecord {
  return {
    id: endpoint.id,
    appId: endpoint.appId,
    uid: endpoint.uid,
    url: endpoint.url,
    disabled: endpoint.disabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}
