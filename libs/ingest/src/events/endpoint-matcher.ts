import type { EndpointEntity } from '../persistence/endpoint.entity';

type Matchable = Pick<EndpointEntity, 'disabled' | 'filterTypes' | 'channels'>;

/**
 * One `filterTypes` entry against an event type: exact, or a trailing `.*` wildcard matching any event type
 * under that prefix (`render.*` matches `render.completed` and `render.job.failed`, not `render` itself).
 * A lone `*` matches every type.
 */
export function filterTypeMatches(filter: string, eventType: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return eventType.startsWith(filter.slice(0, -1));
  return filter === eventType;
}

/**
 * Svix matching rules plus the wildcard: a disabled endpoint gets nothing; `filterTypes` null means every type;
 * an endpoint with channels gets only messages sharing one of them.
 */
export function endpointMatches(endpoint: Matchable, eventType: string, channels: readonly string[] | undefined): boolean {
  if (endpoint.disabled) return false;
  if (endpoint.filterTypes && !endpoint.filterTypes.some((filter) => filterTypeMatches(filter, eventType))) return false;
  if (endpoint.channels && !endpoint.channels.some((channel) => channels?.includes(channel))) return false;
  return true;
}
