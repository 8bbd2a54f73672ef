import { HookstreamClient } from './hookstream-client';
import { Receiver } from './receiver';
import { startAllInOneForTest, type RunningService } from './services';
import { TestEnvironment } from './test-environment';

export interface AllInOneHarness {
  env: TestEnvironment;
  hookstream: RunningService;
  receiver: Receiver;
  client: HookstreamClient;
}

/**
 * The usual e2e set-up, registered as the suite's beforeAll/afterAll: a private environment (prefix, database),
 * the all-in-one launcher on a free port, a loopback receiver and a client. Read its fields inside tests.
 */
export function useAllInOne(overrides: Record<string, string> = {}): AllInOneHarness {
  const harness = {} as AllInOneHarness;
  beforeAll(async () => {
    harness.env = await TestEnvironment.create(overrides);
    harness.hookstream = await startAllInOneForTest(harness.env.config);
    harness.receiver = await Receiver.start();
    harness.client = new HookstreamClient(harness.hookstream.url, harness.env.adminToken, harness.env.nats, harness.env.prefix);
  });
  afterAll(async () => {
    await harness.hookstream?.app.close();
    await harness.receiver?.stop();
    await harness.env?.destroy();
  });
  return harness;
}
