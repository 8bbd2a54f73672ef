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
}

/** Told of each transition: `open` (threshold reached, or a probe failed), `half-open` (a probe goes out), `closed`. */
export type CircuitListener = (endpoint: CircuitEndpoint, state: CircuitState, at: number) => void;

interface Circuit {
  failures: number;
  openUntil: number;
  cooldownMs: number;
  probing: boolean;
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

  constructor(private readonly options: CircuitOptions = DEFAULT_CIRCUIT) {}

  onTransition(listener: CircuitListener): void {
    this.listeners.push(listener);
  }

  /** Null when a POST may go out now, else the epoch ms at which to ask again. */
  blockedUntil(endpoint: CircuitEndpoint, now = Date.now()): number | null {
    const circuit = this.circuits.get(endpoint.endpointId);
    if (!circuit || circuit.failures < this.options.failureThreshold) return null;
    if (now < circuit.openUntil) return circuit.openUntil;
    if (circuit.probing) return now + 1000;
    circuit.probing = true;
    this.notify(endpoint, 'half-open', now);
    return null;
  }

  record(endpoint: CircuitEndpoint, healthy: boolean, now = Date.now()): void {
    const { endpointId } = endpoint;
    this.known.add(endpointId);
    const circuit = this.circuits.get(endpointId) ?? { failures: 0, openUntil: 0, cooldownMs: this.options.cooldownMs, probing: false };
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

  private notify(endpoint: CircuitEndpoint, state: CircuitState, at: number): void {
    for (const listener of this.listeners) listener(endpoint, state, at);
  }
}
