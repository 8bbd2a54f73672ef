import type { IncomingHttpHeaders } from 'node:http';
import { bootstrapService, serviceRoot, type HookstreamConfig } from '@hookstream/platform';
import { SignerModule } from '@hookstream/signer';
import type { ReceivedRequest, Receiver } from './receiver';
import type { RunningService } from './services';
import { baseUrl } from './services';
import { waitFor } from './test-environment';

/** One more signer process (own Nest app and NATS connection) in the `signer` queue group: a second replica. */
export async function startSignerReplica(config: HookstreamConfig): Promise<RunningService> {
  const app = await bootstrapService({ module: serviceRoot(config, 'signer', [SignerModule]), config, rpcQueue: 'signer', port: 0, host: '127.0.0.1' });
  return { app, url: baseUrl(app) };
}

/** The request the receiver got on `path` for message `msgId` (Svix `webhook-id`). */
export function deliveryOf(receiver: Receiver, path: string, msgId: string, timeoutMs = 15_000): Promise<ReceivedRequest> {
  return waitFor(
    async () => receiver.requests.find((request) => request.path === path && request.headers['webhook-id'] === msgId),
    timeoutMs,
    `delivery of ${msgId} to ${path}`,
  );
}

/** Node's incoming headers as the flat string map `svix` / `standardwebhooks` expect. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}
