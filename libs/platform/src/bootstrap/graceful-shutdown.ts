import { Logger, type INestApplication } from '@nestjs/common';
import type { HookstreamConfig } from '../config/hookstream-config';
import { stopWorkers } from '../messaging/jetstream-worker';
import { NatsClients } from '../messaging/nats-clients';
import { ReadinessRegistry } from '../observability/readiness';

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/** Time after the drain for closing HTTP, NATS and the database before the process exits anyway. */
const CLOSE_MARGIN_MS = 3000;

/**
 * SIGTERM (or SIGINT) shuts the process down in order, then exits 0: readiness turns false, every JetStream
 * worker stops pulling and gets `config.shutdownTimeoutMs` to finish what it holds (the rest is handed back),
 * then Nest closes the app (HTTP server, RPC, NATS drain, database pools). If closing hangs past the deadline,
 * the process exits 1 rather than outlive the pod's grace period. Further signals during shutdown are ignored.
 */
export function shutDownGracefullyOnSignals(app: INestApplication, config: HookstreamConfig): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.log(`${signal} received: draining (up to ${config.shutdownTimeoutMs} ms)`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown did not finish within ${config.shutdownTimeoutMs + CLOSE_MARGIN_MS} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs + CLOSE_MARGIN_MS);
    deadline.unref();
    shutDown(app, config).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

async function shutDown(app: INestApplication, config: HookstreamConfig): Promise<void> {
  app.get(ReadinessRegistry).markShuttingDown();
  await stopWorkers(app.get(NatsClients).js, config.shutdownTimeoutMs);
  await app.close();
}
