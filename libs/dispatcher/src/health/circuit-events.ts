import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { hostname } from 'node:os';
import type { AppId, CircuitState, EndpointId } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';
import { CircuitBreaker, type CircuitEndpoint } from './circuit-breaker';

/** Names this dispatcher replica in circuit events: the pod (hostname) and the process, as each has its own breaker. */
export const REPLICA_ID = `${hostname()}/${process.pid}`;

/**
 * Publishes `endpoint.circuit.changed` on the LOG for each transition of this replica's circuit breaker, so
 * delivery-log can show an endpoint's circuit. Transitions only (a few per endpoint per cooldown), never per attempt.
 */
@Injectable()
export class CircuitEvents implements OnModuleInit {
  private readonly logger = new Logger(CircuitEvents.name);

  constructor(
    private readonly circuit: CircuitBreaker,
    private readonly log: LogPublisher,
  ) {}

  onModuleInit(): void {
    this.circuit.onTransition((endpoint, state, at) => void this.publish(endpoint, state, at));
  }

  private async publish(endpoint: CircuitEndpoint, state: CircuitState, at: number): Promise<void> {
    const circuit = {
      appId: endpoint.appId as AppId,
      endpointId: endpoint.endpointId as EndpointId,
      state,
      replicaId: REPLICA_ID,
      timestamp: new Date(at).toISOString(),
    };
    this.logger.log({ appId: circuit.appId, endpointId: circuit.endpointId, state }, 'endpoint circuit changed');
    await this.log.publish({ type: 'endpoint.circuit.changed', circuit }).catch((error: Error) => {
      this.logger.warn({ appId: circuit.appId, endpointId: circuit.endpointId, state, err: error }, 'endpoint.circuit.changed not published');
    });
  }
}
