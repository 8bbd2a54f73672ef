// What one HTTP request costs a trivial Node server and its undici client, in CPU, at several paced rates: how much of
// the CPU per delivery at moderate rates is this machine's cost of waking a process rather than Hookstream's work
// (docs/benchmarks.md, "CPU per delivery grows as the rate falls"). Both ends are processes of their own on loopback.
// Run: npx tsc -p bench/tsconfig.json && node dist/bench/request-cost.js   (RATES=20,100,300,1000, SECONDS=10)
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { monotonicMs, sleep } from './bench-clock';
import { cpuSeconds } from './managed-process';

const RATES = (process.env.RATES ?? '20,100,300,1000').split(',').map((raw) => positive('RATES', raw));
const SECONDS = positive('SECONDS', process.env.SECONDS ?? '10');
const SERVER_ROLE = 'request-cost-server';

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must hold numbers ≥ 1, got "${raw}"`);
  return value;
}

/** The server end: answers every POST with 204 once its body is read. */
function serve(): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

interface RateCost {
  rate: number;
  requests: number;
  serverMsPerRequest: number;
  clientMsPerRequest: number;
}

async function measure(port: number, serverPid: number, rate: number): Promise<RateCost> {
  const serverBefore = cpuSeconds(serverPid);
  const clientBefore = cpuSeconds(process.pid);
  const start = monotonicMs();
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  while (monotonicMs() - start < SECONDS * 1000) {
    const due = Math.floor(((monotonicMs() - start) / 1000) * rate);
    for (; sent < due; sent += 1) {
      const answered = request(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"n":1}' }).then((response) => response.body.dump());
      inFlight.add(answered);
      void answered.finally(() => inFlight.delete(answered));
    }
    await sleep(Math.max(1, Math.floor(1000 / rate)));
  }
  await Promise.all(inFlight);
  return {
    rate,
    requests: sent,
    serverMsPerRequest: ((cpuSeconds(serverPid) - serverBefore) * 1000) / sent,
    clientMsPerRequest: ((cpuSeconds(process.pid) - clientBefore) * 1000) / sent,
  };
}

async function main(): Promise<void> {
  const server = fork(__filename, [SERVER_ROLE], { stdio: 'inherit' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (message: { port: number }) => resolve(message.port));
      server.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
    });
    console.log('| requests/s | server CPU per request | client CPU per request (its pacing timer included) |');
    console.log('| --- | --- | --- |');
    for (const rate of RATES) {
      const cost = await measure(port, server.pid ?? 0, rate);
      console.log(`| ${cost.rate} | ${cost.serverMsPerRequest.toFixed(3)} ms | ${cost.clientMsPerRequest.toFixed(3)} ms |`);
    }
  } finally {
    server.kill();
  }
}

if (process.argv[2] === SERVER_ROLE) {
  serve();
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
