import type { EntityManager } from 'typeorm';
import type { CircuitChange, EndpointRecord } from '@hookstream/contracts';

/**
 * Endpoint rows with why and since when they are disabled. The newest `updatedAt` wins, so redelivered or
 * reordered events end in the same row; events from before reasons existed leave them null.
 */
export async function upsertEndpoint(db: EntityManager, endpoint: EndpointRecord): Promise<void> {
  await db.query(
    `INSERT INTO delivery_log.endpoints (id, app_id, uid, url, disabled, disabled_reason, disabled_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET uid = EXCLUDED.uid, url = EXCLUDED.url, disabled = EXCLUDED.disabled,
       disabled_reason = EXCLUDED.disabled_reason, disabled_at = EXCLUDED.disabled_at, updated_at = EXCLUDED.updated_at
     WHERE delivery_log.endpoints.updated_at <= EXCLUDED.updated_at`,
    [
      endpoint.id, endpoint.appId, endpoint.uid, endpoint.url, endpoint.disabled,
      endpoint.disabled ? (endpoint.disabledReason ?? null) : null, endpoint.disabled ? (endpoint.disabledAt ?? null) : null,
      endpoint.updatedAt,
    ],
  );
}

/**
 * The latest circuit change per endpoint, whichever replica reported it: a change older than the row's is ignored;
 * equal times are settled by replica and state, so any order of the same events ends in the same row.
 */
export async function projectCircuitChange(db: EntityManager, change: CircuitChange): Promise<void> {
  await db.query(
    `INSERT INTO delivery_log.endpoint_circuits AS c (endpoint_id, app_id, state, replica_id, since) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (endpoint_id) DO UPDATE SET state = EXCLUDED.state, replica_id = EXCLUDED.replica_id, since = EXCLUDED.since
     WHERE c.since < EXCLUDED.since
        OR (c.since = EXCLUDED.since AND (c.replica_id, c.state) <= (EXCLUDED.replica_id, EXCLUDED.state))`,
    [change.endpointId, change.appId, change.state, change.replicaId, change.timestamp],
  );
}
