import type { BindingEntity } from '../persistence/binding.entity';
import { EventRejection } from '../events/event-rejection';

/** RFC 6901: "" is the whole document; "/a/b" walks objects (and arrays by index); `~1` is "/", `~0` is "~". */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** NATS subject matching: `*` is one token, a trailing `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '>') return have.length > i;
    if (i >= have.length || (want[i] !== '*' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

export interface BoundEvent {
  /** The app id or uid read at `appIdPointer` ("" when missing, for the rejection record). */
  appRef: string;
  /** The envelope to validate: the same shape a producer would publish on `<prefix>.events.<app>`. */
  envelope: Record<string, unknown>;
}

/** Turns a platform message into an envelope for the binding's event type; missing ids are rejections. */
export function boundEvent(binding: BindingEntity, document: unknown): BoundEvent {
  const appRef = resolvePointer(document, binding.appIdPointer);
  if (typeof appRef !== 'string' || appRef === '') {
    throw new EventRejection(`binding ${binding.id}: no app id (a non-empty string) at "${binding.appIdPointer}"`, 'invalid_envelope');
  }
  const envelope: Record<string, unknown> = { eventType: binding.eventType, payload: resolvePointer(document, binding.payloadPointer) };
  if (binding.eventIdPointer !== null) {
    const eventId = resolvePointer(document, binding.eventIdPointer);
    if (typeof eventId !== 'string' && typeof eventId !== 'number') {
      throw new EventRejection(`binding ${binding.id}: no event id (a string or number) at "${binding.eventIdPointer}"`, 'invalid_envelope');
    }
    envelope.eventId = String(eventId);
  }
  return { appRef, envelope };
}
