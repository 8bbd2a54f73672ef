// docker/: the image recipe, its entrypoint and healthcheck (run for real here), and the compose file.
// No Docker engine is needed: the files are parsed and checked against the code and the Nx build layout.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALLOWED_ENV, codeDefaultPort, codeSecrets, configEnvNames, read, REPO, SECRET_ENV, SERVICES } from './facts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const APPS = [...SERVICES, 'all-in-one'];

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker', 'Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1], name: m[2] }));

  it('builds the five apps and the web console in a build stage and runs on node:20-slim with production dependencies only', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-slim$/m);
    expect(stages.every((s) => s.image === '${NODE_IMAGE}')).toBe(true);
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    const build = /--projects=([\w,-]+)/.exec(dockerfile)?.[1].split(',');
    expect(build?.sort()).toEqual([...APPS, 'console'].sort());
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
  });

  it('runs in production, listening on every address of the container', () => {
    const runtime = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
    const env = Object.fromEntries([...runtime.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1].split(/\s+/).map((pair) => pair.split('='))));
    expect(env).toMatchObject({ NODE_ENV: 'production', HOOKSTREAM_HOST: '0.0.0.0' });
  });

  it('runs as a numeric non-root user through the entrypoint', () => {
    const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1] ?? '';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/app\/docker\/entrypoint\.sh"\]$/m);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const toRegex = (p: string) => new RegExp(`^${p.replace(/\*\*\//g, '(.*/)?').replace(/\./g, '\\.').replace(/(?<!\.)\*/g, '[^/]*')}(/.*)?$`);
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'apps', 'libs', 'docker/entrypoint.sh']));
    for (const source of sources) {
      expect({ source, exists: existsSync(join(REPO, source)) }).toEqual({ source, exists: true });
      expect({ source, ignoredBy: ignored.filter((p) => toRegex(p).test(source)) }).toEqual({ source, ignoredBy: [] });
    }
  });

  it("matches the Nx build layout: each app's outDir is dist/apps/<app>, its entry src/main.ts", () => {
    for (const app of APPS) {
      const tsconfig = JSON.parse(read('apps', app, 'tsconfig.app.json'));
      expect(tsconfig.compilerOptions.outDir).toBe(`../../dist/apps/${app}`);
      expect(existsSync(join(REPO, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
  });
});

describe('docker/entrypoint.sh', () => {
  // A fake image tree: dist/apps/<app>/apps/<app>/src/main.js print what they were started with.
  const root = mkdtempSync(join(tmpdir(), 'hookstream-image-'));
  mkdirSync(join(root, 'docker'));
  copyFileSync(join(REPO, 'docker', 'entrypoint.sh'), join(root, 'docker', 'entrypoint.sh'));
  chmodSync(join(root, 'docker', 'entrypoint.sh'), 0o755);
  for (const app of APPS) {
    const dir = join(root, 'dist', 'apps', app, 'apps', app, 'src');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.js'),
      `const args = process.argv.slice(2);
       console.log(JSON.stringify(args[0] === '--flags' ? { execArgv: process.execArgv } : { app: ${JSON.stringify(app)}, args }));`,
    );
  }
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(join(root, 'docker', 'entrypoint.sh'), args, { encoding: 'utf8' });

  it.each(APPS)('starts %s', (app) => {
    expect(JSON.parse(execFileSync(join(root, 'docker', 'entrypoint.sh'), [app], { encoding: 'utf8' }))).toEqual({ app, args: [] });
  });

  it('bounds the heap of each single service, not of the all-in-one process that holds all four', () => {
    const flagsOf = (app: string, env: NodeJS.ProcessEnv = {}) =>
      execFileSync(join(root, 'docker', 'entrypoint.sh'), [app, '--flags'], { encoding: 'utf8', env: { ...process.env, ...env } });
    for (const app of APPS.filter((name) => name !== 'all-in-one')) {
      expect(JSON.parse(flagsOf(app)).execArgv).toEqual(['--max-semi-space-size=8', '--max-old-space-size=192']);
    }
    expect(JSON.parse(flagsOf('dispatcher', { HOOKSTREAM_MAX_OLD_SPACE_MB: '512' })).execArgv).toContain('--max-old-space-size=512');
    expect(JSON.parse(flagsOf('all-in-one')).execArgv).toEqual([]);
  });

  it('runs the migrations through the all-in-one launcher, and defaults to it', () => {
    expect(JSON.parse(run('migrate').stdout)).toEqual({ app: 'all-in-one', args: ['migrate'] });
    expect(JSON.parse(run().stdout)).toEqual({ app: 'all-in-one', args: [] });
  });

  it('refuses an unknown service', () => {
    const result = run('ingestt');
    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(/usage/);
  });
});

describe('docker/healthcheck.js', () => {
  let server: Server;
  let port: number;
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? status : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  // Asynchronous: the server answering it runs in this process.
  const check = () =>
    new Promise<number | null>((resolve) => {
      spawn(process.execPath, [join(REPO, 'docker', 'healthcheck.js')], { env: { PORT: String(port) }, stdio: 'ignore' }).on('exit', resolve);
    });

  it('passes on a ready service and fails on an unready one', async () => {
    status = 200;
    expect(await check()).toBe(0);
    status = 503;
    expect(await check()).toBe(1);
  });
});

describe('docker/compose.yaml', () => {
  const compose = parse(read('docker', 'compose.yaml'), { merge: true });
  const services: Record<string, Json> = compose.services;

  it('has NATS with JetStream, Postgres 15, the migrations and the four services', () => {
    expect(Object.keys(services).sort()).toEqual(['delivery-log', 'dispatcher', 'ingest', 'migrations', 'nats', 'postgres', 'signer']);
    expect(services.nats.image).toMatch(/^nats:2\.10/);
    expect(services.nats.command.join(' ')).toMatch(/(^| )-js( |$).*-sd \/data/);
    expect(services.postgres.image).toBe('postgres:15');
    expect(services.migrations.command).toEqual(['migrate']);
    expect(services.migrations.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
  });

  it.each([...SERVICES])("starts %s after healthy NATS/Postgres and completed migrations, on the code's default port", (name) => {
    const service = services[name];
    expect(service.command).toEqual([name]);
    expect(service.image).toBe(services.migrations.image);
    expect(service.depends_on).toEqual({
      nats: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      migrations: { condition: 'service_completed_successfully' },
    });
    expect(service.healthcheck.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.js']);
    expect(service.environment.PORT).toBe(String(codeDefaultPort(name)));
    expect(service.environment.HOOKSTREAM_RUN_MIGRATIONS).toBe('false');
    expect(new URL(service.environment.NATS_URL).hostname).toBe('nats');
    if (name === 'dispatcher') expect(service.environment.DATABASE_URL).toBeUndefined();
    else expect(new URL(service.environment.DATABASE_URL).hostname).toBe('postgres');
    expect(service.environment.HOOKSTREAM_HOST).toBe('0.0.0.0');
  });

  it.each([...SERVICES])('gives %s only the names its service reads, so no secret of another service', (name) => {
    const reads = configEnvNames(codeSecrets(name));
    expect(Object.keys(services[name].environment).filter((k) => !reads.includes(k))).toEqual([]);
  });

  it('keeps the master key in the signer and the token key in delivery-log; the migrations get no secret but the database', () => {
    const holders = (secret: string) => Object.keys(services).filter((name) => secret in (services[name].environment ?? {}));
    expect(holders('HOOKSTREAM_MASTER_KEY')).toEqual(['signer']);
    expect(holders('HOOKSTREAM_TOKEN_KEY')).toEqual(['delivery-log']);
    expect(holders('HOOKSTREAM_ADMIN_TOKEN').sort()).toEqual(['delivery-log', 'ingest']);
    expect(Object.keys(services.migrations.environment).filter((k) => SECRET_ENV.includes(k))).toEqual(['DATABASE_URL']);
    expect(Object.keys(services.migrations.environment).filter((k) => !configEnvNames([]).includes(k))).toEqual([]);
  });

  it('publishes the REST ports of ingest and delivery-log, on localhost', () => {
    expect(services.ingest.ports).toEqual([`127.0.0.1:${codeDefaultPort('ingest')}:${codeDefaultPort('ingest')}`]);
    expect(services['delivery-log'].ports).toEqual([`127.0.0.1:${codeDefaultPort('delivery-log')}:${codeDefaultPort('delivery-log')}`]);
    expect(services.signer.ports).toBeUndefined();
    expect(services.dispatcher.ports).toBeUndefined();
  });

  it('gives NATS and Postgres healthchecks, and sets only allowed configuration names', () => {
    expect(services.nats.healthcheck.test.join(' ')).toMatch(/8222\/healthz/);
    expect(services.postgres.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    for (const name of [...SERVICES, 'migrations']) {
      expect(Object.keys(services[name].environment).filter((k) => !ALLOWED_ENV.includes(k))).toEqual([]);
    }
  });
});
