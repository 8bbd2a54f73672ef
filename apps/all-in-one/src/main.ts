import 'reflect-metadata';
import { ensureNats, ensurePostgres, migrateAll, startAllInOne } from '@hookstream/launcher';
import { loadConfigOrExit, shutDownGracefullyOnSignals } from '@hookstream/platform';

const log = (line: string) => process.stderr.write(`[hookstream] ${line}\n`);

/** `main.js` runs all four services; `main.js migrate` runs the migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(3000);
  if (!config.production) {
    await ensureNats(config.natsUrl, log);
    await ensurePostgres(config.databaseUrl, log);
  }
  if (process.argv[2] === 'migrate') {
    await migrateAll(config.databaseUrl);
    log('migrations done');
    return;
  }
  shutDownGracefullyOnSignals(await startAllInOne(config), config);
  log(`Hookstream is up: REST on http://127.0.0.1:${config.port}/api/v1, gRPC on 127.0.0.1:${config.grpcPort} (token: HOOKSTREAM_ADMIN_TOKEN)`);
}

main().catch((error: Error) => {
  log(error.message);
  process.exit(1);
});
