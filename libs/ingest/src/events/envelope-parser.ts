import { validateSync } from 'class-validator';
import { EventEnvelopeDto, MAX_PAYLOAD_BYTES, unstorableJson } from '@hookstream/contracts';
import { flattenValidationErrors } from '@hookstream/platform';
import { EventRejection } from './event-rejection';

/** Fatal: bytes that are not UTF-8 would otherwise become U+FFFD, and the delivered body would not be what was sent. */
const decoder = new TextDecoder('utf-8', { fatal: true });
/** The envelope may carry a full-size payload plus its fields; the payload itself is checked exactly later. */
const MAX_ENVELOPE_BYTES = MAX_PAYLOAD_BYTES + 16 * 1024;

/** Decodes raw NATS bytes as JSON; throws EventRejection for oversized or invalid input. */
export function decodeJson(data: Uint8Array): unknown {
  if (data.byteLength > MAX_ENVELOPE_BYTES) {
    throw new EventRejection(`message is ${data.byteLength} bytes; the payload limit is ${MAX_PAYLOAD_BYTES}`, 'payload_too_large');
  }
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    throw new EventRejection('body is not valid UTF-8', 'invalid_json');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EventRejection(`body is not valid JSON: ${(error as Error).message}`, 'invalid_json');
  }
}

/** Every field of the envelope; others are dropped, as the `whitelist` of the REST body's validation drops them. */
export const ENVELOPE_FIELDS = ['eventType', 'eventId', 'payload', 'channels', 'tags', 'callbackUrl', 'orderingKey'] as const satisfies ReadonlyArray<
  keyof EventEnvelopeDto
>;

/**
 * The envelope's fields on an instance of the DTO for class-validator. Not `plainToInstance`: it copies the whole
 * payload, deeply, for nothing (the payload is one object field to validate), at about a tenth of ingest's CPU.
 */
function envelopeInstance(raw: object): EventEnvelopeDto {
  const envelope = new EventEnvelopeDto();
  const fields = envelope as unknown as Record<string, unknown>;
  for (const field of ENVELOPE_FIELDS) {
    if (Object.hasOwn(raw, field)) fields[field] = (raw as Record<string, unknown>)[field];
  }
  return envelope;
}

/**
 * Validates a decoded envelope (class-validator, the same rules as the REST body). Synchronously: the rules have no
 * async validator, and `validate` would build promises per rule (a third more CPU per envelope, measured).
 */
export function validateEnvelope(raw: unknown): EventEnvelopeDto {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EventRejection('envelope must be a JSON object', 'invalid_envelope');
  }
  const envelope = envelopeInstance(raw);
  const unstorable = unstorableJson(envelope);
  if (unstorable) throw new EventRejection(`invalid envelope: ${unstorable}`, 'invalid_envelope');
  const errors = validateSync(envelope, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const detail = flattenValidationErrors(errors, [])
      .map((e) => `${e.loc.join('.')}: ${e.msg}`)
      .join('; ');
    throw new EventRejection(`invalid envelope: ${detail}`, 'invalid_envelope');
  }
  return envelope;
}

/** The exact bytes to POST and sign; over the limit is a rejection. */
export function compactPayload(envelope: EventEnvelopeDto): string {
  const body = JSON.stringify(envelope.payload);
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new EventRejection(`payload is ${bytes} bytes; the limit is ${MAX_PAYLOAD_BYTES}`, 'payload_too_large');
  }
  return body;
}
