import type { HookstreamClient } from './hookstream-client';
import type { Receiver } from './receiver';

/** Creates `count` endpoints on one app, all to `receiver` on paths `/<tag>/<i>`, `concurrency` requests at a time. */
export async function createFanOutEndpoints(client: HookstreamClient, appId: string, receiver: Receiver, tag: string, count: number, concurrency = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await client.endpoint(appId, { url: receiver.url(`/${tag}/${i}`) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Distinct `/<tag>/<i>` paths the receiver got for message `msgId`. */
export function fanOutPathsReached(receiver: Receiver, tag: string, msgId: string): number {
  return new Set(receiver.requests.filter((r) => r.path.startsWith(`/${tag}/`) && r.headers['webhook-id'] === msgId).map((r) => r.path)).size;
}
