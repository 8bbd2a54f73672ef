import type { EndpointEntity } from '../persistence/endpoint.entity';

type Matchable = Pick<EndpointEntity, 'disabled' | 'filterTypes' | 'channels'>;

/**
 * Svix matching rules: a disabled endpoint gets nothing; `filterTypes` null means every type; an endpoint with
 * channels gets only messages sharing one of them.
 */
export function endpointMatches(endpoint: Matchable, eventType: string, channels: readonly string[] | undefined): boolean {
  if (endpoint.disabled) return false;
  if (endpoint.filterTypes && !endpoint.filterTypes.includes(eventType)) return false;
  if (endpoint.channels && !endpoint.channels.some((channel) => channels?.includes(channel))) return false;
  return true;
}
