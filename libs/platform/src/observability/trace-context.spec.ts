import { headers } from 'nats';
import { childSpan, formatTraceparent, parseTraceparent, traceFromNatsHeaders, traceHttpHeaders, traceNatsHeaders } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('parseTraceparent', () => {
  it('reads the W3C example', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, flags: '01' });
  });

  it('keeps an unsampled flag and carries tracestate along', () => {
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`, 'congo=t61rcWkgMzE')).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: '00',
      tracestate: 'congo=t61rcWkgMzE',
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['uppercase hex', VALID.toUpperCase()],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['a short parent id', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with trailing fields', `${VALID}-extra`],
    ['non-hex flags', `00-${TRACE_ID}-${SPAN_ID}-0x`],
    ['wrong separators', `00_${TRACE_ID}_${SPAN_ID}_01`],
    ['garbage', 'not a traceparent'],
  ])('refuses %s', (_, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });

  it('parses a future version by its first four fields, if what follows starts with a dash', () => {
    expect(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-holds`)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01x`)).toBeNull();
  });

  it('keeps only the sampled bit of the flags, as version 00 defines no other', () => {
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-ff`)?.flags).toBe('01');
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-02`)?.flags).toBe('00');
  });

  it('drops a tracestate that could not be a header value', () => {
    expect(parseTraceparent(VALID, 'a=b\nc=d')?.tracestate).toBeUndefined();
    expect(parseTraceparent(VALID, `a=${'x'.repeat(600)}`)?.tracestate).toBeUndefined();
  });
});

describe('childSpan', () => {
  it('keeps the trace id, flags and tracestate, with a new span id', () => {
    const parent = parseTraceparent(VALID, 'congo=t61rcWkgMzE');
    const child = childSpan(parent);
    expect(child.traceId).toBe(TRACE_ID);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(SPAN_ID);
    expect(child.tracestate).toBe('congo=t61rcWkgMzE');
  });

  it('starts a new sampled trace without a parent, which formats to a valid traceparent', () => {
    const root = childSpan(null);
    expect(parseTraceparent(formatTraceparent(root))).toEqual(root);
    expect(root.flags).toBe('01');
    expect(childSpan(null).traceId).not.toBe(root.traceId);
  });
});

describe('headers', () => {
  it('round-trips through NATS headers', () => {
    const context = { traceId: TRACE_ID, spanId: SPAN_ID, flags: '01', tracestate: 'a=1' };
    expect(traceFromNatsHeaders(traceNatsHeaders(context))).toEqual(context);
  });

  it('matches NATS header names case-insensitively and tolerates messages without headers', () => {
    const h = headers();
    h.set('Traceparent', VALID);
    expect(traceFromNatsHeaders(h)?.traceId).toBe(TRACE_ID);
    expect(traceFromNatsHeaders(undefined)).toBeNull();
  });

  it('omits tracestate from HTTP headers when there is none', () => {
    expect(traceHttpHeaders({ traceId: TRACE_ID, spanId: SPAN_ID, flags: '01' })).toEqual({ traceparent: VALID });
  });
});
