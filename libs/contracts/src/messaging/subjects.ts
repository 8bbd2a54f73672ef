/**
 * Every NATS subject Hookstream uses, derived from one prefix (HOOKSTREAM_PREFIX) so several installations
 * and test runs can share a NATS server without their subjects overlapping.
 */
export class Subjects {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
      throw new Error(`HOOKSTREAM_PREFIX must be one subject token of [A-Za-z0-9_-], got "${prefix}"`);
    }
  }

  /** Producers publish event envelopes here: `<prefix>.events.<appId or uid>`. */
  events(appIdOrUid: string): string {
    return `${this.prefix}.events.${appIdOrUid}`;
  }

  get eventsWildcard(): string {
    return `${this.prefix}.events.>`;
  }

  /** One delivery task per (message, endpoint). */
  delivery(appId: string, endpointId: string): string {
    return `${this.prefix}.deliveries.${appId}.${endpointId}`;
  }

  get deliveriesWildcard(): string {
    return `${this.prefix}.deliveries.>`;
  }

  /**
   * Parked deliveries due soon (retries, and deliveries deferred by an endpoint's circuit, limits or ordering),
   * each due at its `notBefore`.
   */
  retry(appId: string, endpointId: string): string {
    return `${this.prefix}.retries.${appId}.${endpointId}`;
  }

  get retriesWildcard(): string {
    return `${this.prefix}.retries.>`;
  }

  /** Parked deliveries due later (a minute or more away): kept apart from the ones due soon (see `streams.ts`). */
  later(appId: string, endpointId: string): string {
    return `${this.prefix}.later.${appId}.${endpointId}`;
  }

  get laterWildcard(): string {
    return `${this.prefix}.later.>`;
  }

  /** The event log every projection is built from: `<prefix>.log.<appId>.<event type>`. */
  log(appId: string, type: string): string {
    return `${this.prefix}.log.${appId}.${type}`;
  }

  get logWildcard(): string {
    return `${this.prefix}.log.>`;
  }

  /** Operational events: `<prefix>.ops.<appId>.<type>`. */
  ops(appId: string, type: string): string {
    return `${this.prefix}.ops.${appId}.${type}`;
  }

  get opsWildcard(): string {
    return `${this.prefix}.ops.>`;
  }

  /** Envelopes ingest refused, with the reason: `<prefix>.rejected.<appId>`. */
  rejected(appIdOrUid: string): string {
    return `${this.prefix}.rejected.${appIdOrUid}`;
  }

  get rejectedWildcard(): string {
    return `${this.prefix}.rejected.>`;
  }

  /** Request/reply between services; relative RPC patterns (see `SignerPatterns`) are put under this. */
  rpc(pattern: string): string {
    return `${this.prefix}.rpc.${pattern}`;
  }

  /** Core NATS (not a stream): a signer changed an owner's keys; every signer replica drops its cached keys. */
  signerKeysChanged(): string {
    return `${this.prefix}.signer.keys.changed`;
  }
}
