import { ulid } from 'ulid';
import { pooledRandomBytes } from './random-pool';

/**
 * Prefixed, time-sortable ids (Svix style: `app_…`, `ep_…`, `msg_…`, `atmpt_…`). The ULID part sorts by
 * creation time, so list pagination can use the id itself as the iterator.
 */
export const ID_PREFIXES = {
  app: 'app',
  endpoint: 'ep',
  message: 'msg',
  attempt: 'atmpt',
  eventType: 'evtype',
  rejection: 'rej',
  task: 'qtask',
  binding: 'bind',
  deadLetter: 'dlt',
} as const;

type Brand<T, B extends string> = T & { readonly __brand: B };

export type AppId = Brand<string, 'AppId'>;
export type EndpointId = Brand<string, 'EndpointId'>;
export type MessageId = Brand<string, 'MessageId'>;
export type AttemptId = Brand<string, 'AttemptId'>;

/** ulid's default PRNG asks the OS for one byte per character (16 calls per id); the pool serves them instead. */
function pooledRandom(): number {
  return pooledRandomBytes(1)[0] / 256;
}

function newId<T extends string>(prefix: string): T {
  return `${prefix}_${ulid(undefined, pooledRandom)}` as T;
}

export const newAppId = (): AppId => newId<AppId>(ID_PREFIXES.app);
export const newEndpointId = (): EndpointId => newId<EndpointId>(ID_PREFIXES.endpoint);
export const newMessageId = (): MessageId => newId<MessageId>(ID_PREFIXES.message);
export const newAttemptId = (): AttemptId => newId<AttemptId>(ID_PREFIXES.attempt);
export const newRejectionId = (): string => newId<string>(ID_PREFIXES.rejection);
export const newBindingId = (): string => newId<string>(ID_PREFIXES.binding);
export const newDeadLetterId = (): string => newId<string>(ID_PREFIXES.deadLetter);

/** True when `value` looks like an id Hookstream issued with `prefix` (as opposed to a user-chosen uid). */
export function hasIdPrefix(value: string, prefix: string): boolean {
  return value.startsWith(`${prefix}_`) && value.length === prefix.length + 27;
}
