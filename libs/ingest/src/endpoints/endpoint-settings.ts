import type { EndpointPatchDto, EndpointUpdateDto } from '@hookstream/contracts';
import type { EndpointEntity } from '../persistence/endpoint.entity';

type Settings = Partial<
  Pick<
    EndpointEntity,
    | 'url'
    | 'uid'
    | 'description'
    | 'version'
    | 'disabled'
    | 'filterTypes'
    | 'channels'
    | 'rateLimit'
    | 'metadata'
    | 'headers'
    | 'retrySchedule'
    | 'timeoutMs'
    | 'signatureProfiles'
    | 'maxConcurrency'
    | 'disabledReason'
    | 'disabledAt'
  >
>;

/** Svix PUT: every field replaced, absent ones back to their defaults (headers have their own routes: kept). */
export function replacedSettings(input: EndpointUpdateDto): Settings {
  return {
    url: input.url,
    uid: input.uid ?? null,
    description: input.description ?? '',
    version: input.version ?? 1,
    disabled: input.disabled ?? false,
    filterTypes: input.filterTypes ?? null,
    channels: input.channels ?? null,
    rateLimit: input.rateLimit ?? input.throttleRate ?? null,
    metadata: input.metadata ?? {},
    ...(input.headers !== undefined ? { headers: input.headers } : {}),
    retrySchedule: input.retrySchedule ?? null,
    timeoutMs: input.timeoutMs ?? null,
    signatureProfiles: input.signatureProfiles ?? [],
    maxConcurrency: input.maxConcurrency ?? null,
  };
}

/** Svix PATCH: only the fields present change; `null` clears a nullable one. */
export function patchedSettings(input: EndpointPatchDto): Settings {
  const settings: Settings = {};
  if (input.url !== undefined) settings.url = input.url;
  if (input.uid !== undefined) settings.uid = input.uid;
  if (input.description !== undefined) settings.description = input.description ?? '';
  if (input.version !== undefined) settings.version = input.version ?? 1;
  if (input.disabled !== undefined) settings.disabled = input.disabled ?? false;
  if (input.filterTypes !== undefined) settings.filterTypes = input.filterTypes;
  if (input.channels !== undefined) settings.channels = input.channels;
  if (input.rateLimit !== undefined || input.throttleRate !== undefined) settings.rateLimit = input.rateLimit ?? input.throttleRate ?? null;
  if (input.metadata !== undefined) settings.metadata = input.metadata ?? {};
  if (input.headers !== undefined) settings.headers = input.headers ?? {};
  if (input.retrySchedule !== undefined) settings.retrySchedule = input.retrySchedule;
  if (input.timeoutMs !== undefined) settings.timeoutMs = input.timeoutMs;
  if (input.signatureProfiles !== undefined) settings.signatureProfiles = input.signatureProfiles ?? [];
  if (input.maxConcurrency !== undefined) settings.maxConcurrency = input.maxConcurrency;
  return settings;
}

/**
 * The reason fields that go with a change of `disabled` through the API: disabling an enabled endpoint records
 * `manual` now, enabling clears them, and leaving `disabled` as it was keeps them (a dispatcher's reason stays).
 */
export function withDisabledReason(current: Pick<EndpointEntity, 'disabled'>, settings: Settings, now = new Date()): Settings {
  if (settings.disabled === undefined || settings.disabled === current.disabled) return settings;
  return settings.disabled
    ? { ...settings, disabledReason: 'manual', disabledAt: now }
    : { ...settings, disabledReason: null, disabledAt: null };
}
