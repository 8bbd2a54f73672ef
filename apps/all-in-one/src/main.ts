import 'reflect-metadata';
import { ensureNats, ensurePostgres, migrateAll, startAllInOne } from '@hookstream/launcher';
import { ALL_SECRETS, grpcPortOf, hostAndPort, listeningUrl, loadConfigOrExit, shutDownGracefullyOnSignals } from '@hookstream/platform';

const log = (line: string) => process.stderr.write(`[hookstream] ${line}\n`);

/** `main.js` runs all four services; `main.js migrate` runs the migrations and exits, holding no secret. */
async function main(): Promise<void> {
  const migrate = process.argv[2] === 'migrate';
  const config = loadConfigOrExit(3000, migrate ? [] : ALL_SECRETS);
  if (!config.production) {
    await ensureNats(config.natsUrl, log);
    await ensurePostgres(config.databaseUrl, log);
  }
  if (migrate) {
    await migrateAll(config.databaseUrl);
    log('migrations done');
    return;
  }
  const app = await startAllInOne(config);
  shutDownGracefullyOnSignals(app, config);
  const grpc = hostAndPort(config.host, grpcPortOf(app) ?? config.grpcPort);
  log(`Hookstream is up: REST on ${listeningUrl(app)}/api/v1, gRPC on ${grpc} (token: HOOKSTREAM_ADMIN_TOKEN)`);
}

main().catch((error: Error) => {
  log(error.message);
  process.exit(1);
});
