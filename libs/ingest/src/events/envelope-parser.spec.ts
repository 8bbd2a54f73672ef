import { getMetadataStorage } from 'class-validator';
import { EventEnvelopeDto, MAX_PAYLOAD_BYTES } from '@hookstream/contracts';
import { compactPayload, decodeJson, ENVELOPE_FIELDS, validateEnvelope } from './envelope-parser';

/** Raw NATS bytes to a validated envelope, as the events consumer does. */
const parseEnvelope = (data: Uint8Array) => Promise.resolve().then(() => validateEnvelope(decodeJson(data)));
import { EventRejection } from './event-rejection';

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseEnvelope', () => {
  it('accepts the SPEC envelope', async () => {
    const envelope = await parseEnvelope(
      encode({ eventType: 'render.completed', eventId: 'job_a1b2:done', payload: { jobId: 'job_a1b2' }, channels: ['project.proj_abc'] }),
    );
    expect(envelope.eventType).toBe('render.completed');
    expect(envelope.channels).toEqual(['project.proj_abc']);
  });

  it('rejects invalid JSON with the reason', async () => {
    await expect(parseEnvelope(encode('{not json'))).rejects.toMatchObject({ code: 'invalid_json' });
  });

  it('rejects a missing eventType and a non-object payload, naming the fields', async () => {
    const attempt = parseEnvelope(encode({ payload: [1, 2] }));
    await expect(attempt).rejects.toBeInstanceOf(EventRejection);
    await expect(parseEnvelope(encode({ payload: [1, 2] }))).rejects.toThrow(/eventType[\s\S]*payload must be a JSON object/);
  });

  it('rejects payloads over the size limit', () => {
    const big = { eventType: 'x', payload: { blob: 'a'.repeat(MAX_PAYLOAD_BYTES) } };
    expect(() => compactPayload(big)).toThrow(/limit/);
  });

  it('compacts the payload to the bytes that are signed', () => {
    expect(compactPayload({ eventType: 'x', payload: { a: 1, b: [1, 2] } })).toBe('{"a":1,"b":[1,2]}');
  });
});

describe('validateEnvelope', () => {
  it('copies exactly the fields the DTO validates', () => {
    const validated = getMetadataStorage()
      .getTargetValidationMetadatas(EventEnvelopeDto, '', true, false)
      .map((metadata) => metadata.propertyName);
    expect([...ENVELOPE_FIELDS].sort()).toEqual([...new Set(validated)].sort());
  });

  it('keeps the payload as it came, drops unknown fields and ignores a "constructor" or "__proto__" field', () => {
    const raw = JSON.parse('{"eventType":"t","payload":{"a":{"b":[1]}},"extra":1,"constructor":"x","__proto__":{"eventType":"?"}}') as Record<string, unknown>;
    const envelope = validateEnvelope(raw);
    expect(envelope).toBeInstanceOf(EventEnvelopeDto);
    expect(envelope.payload).toBe(raw.payload);
    expect(Object.keys(envelope)).toEqual(['eventType', 'payload']);
  });

  it('still applies every rule to a field it copied', () => {
    expect(() => validateEnvelope({ eventType: 'bad type!', payload: {} })).toThrow(/eventType may contain only/);
    expect(() => validateEnvelope({ eventType: 't', payload: {}, callbackUrl: 'ftp://x' })).toThrow(/callbackUrl/);
  });

  it.each([
    ['eventId', { eventType: 't', eventId: 'e\u0000', payload: {} }, /eventId contains a NUL/],
    ['a tag', { eventType: 't', tags: ['ok', 'x\u0000'], payload: {} }, /tags\[1\] contains a NUL/],
    ['the orderingKey', { eventType: 't', orderingKey: '\ud800', payload: {} }, /orderingKey contains a lone surrogate/],
    ['a payload key', { eventType: 't', payload: { 'k\u0000': 1 } }, /key of payload.k/],
    ['a payload value', { eventType: 't', payload: { deep: [{ s: '\udfff' }] } }, /payload.deep\[0\].s contains a lone surrogate/],
  ])('rejects a NUL or lone surrogate in %s, naming where', (_, envelope, reason) => {
    expect(() => validateEnvelope(envelope)).toThrow(reason);
  });

  it('rejects a payload nested past the limit', () => {
    let payload: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) payload = { a: payload };
    expect(() => validateEnvelope({ eventType: 't', payload })).toThrow(/nests deeper than 64 levels/);
  });
});

describe('decodeJson', () => {
  it('rejects bytes that are not UTF-8 instead of replacing them', () => {
    const bytes = Buffer.concat([Buffer.from('{"eventType":"t","payload":{"s":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    expect(() => decodeJson(bytes)).toThrow(/not valid UTF-8/);
  });
});
