import { headers as natsHeaders, Match, type MsgHdrs } from 'nats';
import { pooledRandomBytes } from '@hookstream/contracts';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/), carried from ingest to the POST: `traceparent`
 * (`00-<trace-id>-<parent-id>-<flags>`) and `tracestate`, passed through as is. No tracing SDK: the ids show up
 * in logs, the `attempt.made` event and the receiver's headers.
 */
export interface TraceContext {
  /** 32 lowercase hex, not all zeros. */
  traceId: string;
  /** 16 lowercase hex, not all zeros: the span this context names (the parent, for whoever receives it). */
  spanId: string;
  /** 2 lowercase hex; only the sampled bit (01) is defined for version 00. */
  flags: string;
  tracestate?: string;
}

export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

const VERSION_00_LENGTH = 55;
const TRACEPARENT_FIELDS = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZEROS = /^0+$/;
/** Longer tracestate values may be dropped by a vendor (W3C: at least 512 characters must be propagated). */
const TRACESTATE_MAX = 512;
const SAMPLED = 0x01;

/** The context a valid `traceparent` names, else null (absent, malformed, version ff, all-zero ids). */
export function parseTraceparent(traceparent: string | null | undefined, tracestate?: string | null): TraceContext | null {
  if (!traceparent) return null;
  const value = traceparent.trim();
  // A future version may append fields after a dash; version 00 is exactly 55 characters.
  const fields = TRACEPARENT_FIELDS.exec(value.slice(0, VERSION_00_LENGTH));
  if (!fields) return null;
  const [, version, traceId, spanId, flags] = fields;
  if (version === 'ff') return null;
  if (version === '00' && value.length !== VERSION_00_LENGTH) return null;
  if (value.length > VERSION_00_LENGTH && value[VERSION_00_LENGTH] !== '-') return null;
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(spanId)) return null;
  const state = validTracestate(tracestate);
  return { traceId, spanId, flags: sampledOnly(flags), ...(state ? { tracestate: state } : {}) };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

/** A new span in the caller's trace, or the root of a new trace when the caller sent none (sampled). */
export function childSpan(parent: TraceContext | null): TraceContext {
  if (!parent) return { traceId: randomHex(16), spanId: randomHex(8), flags: '01' };
  return { ...parent, spanId: randomHex(8) };
}

/** `traceparent` and (when there is one) `tracestate` as HTTP headers. */
export function traceHttpHeaders(context: TraceContext): Record<string, string> {
  return { [TRACEPARENT]: formatTraceparent(context), ...(context.tracestate ? { [TRACESTATE]: context.tracestate } : {}) };
}

/** The same headers on a NATS message. */
export function traceNatsHeaders(context: TraceContext, into: MsgHdrs = natsHeaders()): MsgHdrs {
  for (const [name, value] of Object.entries(traceHttpHeaders(context))) into.set(name, value);
  return into;
}

/** The context on a NATS message's headers (names matched case-insensitively), else null. */
export function traceFromNatsHeaders(headers: MsgHdrs | undefined): TraceContext | null {
  if (!headers) return null;
  return parseTraceparent(headers.get(TRACEPARENT, Match.IgnoreCase), headers.get(TRACESTATE, Match.IgnoreCase));
}

function validTracestate(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || trimmed.length > TRACESTATE_MAX) return undefined;
  // Printable ASCII only: a value that could not be a valid header must not be forwarded.
  return /^[\x20-\x7e]+$/.test(trimmed) ? trimmed : undefined;
}

function sampledOnly(flags: string): string {
  return (Number.parseInt(flags, 16) & SAMPLED).toString(16).padStart(2, '0');
}

/** Random lowercase hex of `bytes` bytes; all zeros (1 in 2^64 or less) is invalid, so it is drawn again. */
function randomHex(bytes: number): string {
  for (;;) {
    const hex = pooledRandomBytes(bytes).toString('hex');
    if (!ALL_ZEROS.test(hex)) return hex;
  }
}
