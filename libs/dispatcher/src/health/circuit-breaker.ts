import type { CircuitState } from '@hookstream/contracts';

export type { CircuitState };

export interface CircuitOptions {
  /** Consecutive unhealthy outcomes that open the circuit. */
  failureThreshold: number;
  /** First open period; doubles each time a probe fails, up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, cooldownMs: 30_000, maxCooldownMs: 10 * 60_000 };

/** The endpoint a circuit belongs to (the app names the subject its transitions are published on). */
export interface CircuitEndpoint {
  appId: string;
  endpointId: string;
  /** How long a POST to it may take: a probe's answer is known by then (default 1 s). */
  timeoutMs?: number;
}

const DEFAULT_PROBE_MS = 1000;
/**
 * Tasks held by an open circuit come back spread over this share of its cooldown after it ends, not all in its
 * last millisecond: a thousand tasks of a dead endpoint due at once were a burst of work that every other
 * endpoint's deliveries queued behind (docs/benchmarks.md, "Isolation").
 */
const SPREAD_OF_COOLDOWN = 0.5;

/** Told of each transition: `open` (threshold reached, or a probe failed), `half-open` (a probe goes out), `closed`. */
export type CircuitListener = (endpoint: CircuitEndpoint, state: CircuitState, at: number) => void;

interface Circuit {
  failures: number;
  openUntil: number;
  cooldownMs: number;
  probing: boolean;
  /** While probing: when the probe's answer is due at the latest. */
  probeEndsBy: number;
}

/**
 * Per-endpoint circuit breaker: after `failureThreshold` unhealthy outcomes in a row the endpoint gets no POSTs
 * until the cooldown ends; then one probe goes out, and its result closes the circuit or reopens it for longer.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  /** Every endpoint with a recorded outcome, so /metrics can count the closed circuits too. */
  private readonly known = new Set<string>();
  private readonly listeners: CircuitListener[] = [];

  constructor(
    private readonly options: CircuitOptions = DEFAULT_CIRCUIT,
    private readonly random: () => number = Math.random,
  ) {}

  onTransition(listener: CircuitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Null when a POST may go out now, else the epoch ms at which to ask again: after the cooldown, or once the
   * probe's answer is due, each spread over part of the cooldown.
   */
  blockedUntil(endpoint: CircuitEndpoint, now = Date.now()): number | null {
    const circuit = this.circuits.get(endpoint.endpointId);
    if (!circuit || circuit.failures < this.options.failureThreshold) return null;
    if (now < circuit.openUntil) return this.spread(circuit.openUntil, circuit);
    if (circuit.probing && now < circuit.probeEndsBy) return this.spread(circuit.probeEndsBy, circuit);
    // No probe out, or one whose answer never came (its task handed back on shutdown): this task probes.
    circuit.probing = true;
    circuit.probeEndsBy = now + (endpoint.timeoutMs ?? DEFAULT_PROBE_MS);
    this.notify(endpoint, 'half-open', now);
    return null;
  }

  record(endpoint: CircuitEndpoint, healthy: boolean, now = Date.now()): void {
    const { endpointId } = endpoint;
    this.known.add(endpointId);
    const circuit = this.circuits.get(endpointId) ?? { failures: 0, openUntil: 0, cooldownMs: this.options.cooldownMs, probing: false, probeEndsBy: 0 };
    const wasOpen = circuit.failures >= this.options.failureThreshold;
    if (healthy) {
      this.circuits.delete(endpointId);
      if (wasOpen) this.notify(endpoint, 'closed', now);
      return;
    }
    const wasProbe = circuit.probing;
    const wasBlocking = wasOpen && now < circuit.openUntil;
    circuit.failures += 1;
    circuit.probing = false;
    if (circuit.failures >= this.options.failureThreshold) {
      if (wasProbe) circuit.cooldownMs = Math.min(circuit.cooldownMs * 2, this.options.maxCooldownMs);
      circuit.openUntil = now + circuit.cooldownMs;
      if (!wasBlocking) this.notify(endpoint, 'open', now);
    }
    this.circuits.set(endpointId, circuit);
  }

  state(endpointId: string, now = Date.now()): CircuitState {
    const circuit = this.circuits.get(endpointId);
    if (!circuit || circuit.failures < this.options.failureThreshold) return 'closed';
    return now < circuit.openUntil ? 'open' : 'half-open';
  }

  /** Endpoints with a recorded outcome on this replica, by the state of their circuit now. */
  counts(now = Date.now()): Record<CircuitState, number> {
    const counts: Record<CircuitState, number> = { closed: 0, open: 0, 'half-open': 0 };
    for (const endpointId of this.circuits.keys()) counts[this.state(endpointId, now)] += 1;
    counts.closed = this.known.size - counts.open - counts['half-open'];
    return counts;
  }

  private spread(from: number, circuit: Circuit): number {
    return Math.round(from + this.random() * circuit.cooldownMs * SPREAD_OF_COOLDOWN);
  }

  private notify(endpoint: CircuitEndpoint, state: CircuitState, at: number): void {
    for (const listener of this.listeners) listener(endpoint, state, at);
  }
}
