// Cost per signature (pure, in-process) and per signer RPC round trip over the machine's NATS, with the
// signer's key cache warm. Run: npx jest -c bench/jest.signer.config.js  (needs NATS and Postgres running).
import { cpus } from 'node:os';
import type { ClientProxy } from '@nestjs/microservices';
import { performance } from 'node:perf_hooks';
import { Subjects, type SignRequest } from '@hookstream/contracts';
import { natsTransportOptions, PrefixedNatsClient } from '@hookstream/platform';
import { SignerClient } from '@hookstream/signer-client';
import {
  generateEd25519Secret,
  generateSecret,
  parseSigningKey,
  signatureHeadersWithKeys,
  signHmacHex,
  signTimestamped,
  signWithKey,
} from '@hookstream/signing';
import { startSignerReplica } from '../apps/hookstream-e2e/src/support/signing-support';
import { TestEnvironment } from '../apps/hookstream-e2e/src/support/test-environment';

const BODY = JSON.stringify({ jobId: 'job_a1b2', status: 'done', outputUrl: 'https://cdn.example/v/a1b2.mp4', progress: 100 });
const results: string[] = [];

function perOp(label: string, iterations: number, run: (i: number) => void): void {
  for (let i = 0; i < Math.min(1000, iterations); i += 1) run(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) run(i);
  const micros = ((performance.now() - start) * 1000) / iterations;
  results.push(`| ${label} | ${micros.toFixed(2)} µs | ${Math.round(1e6 / micros).toLocaleString('en')}/s |`);
}

async function perOpAsync(label: string, iterations: number, run: (i: number) => Promise<unknown>, unitsPerOp = 1): Promise<void> {
  for (let i = 0; i < 50; i += 1) await run(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) await run(i);
  const micros = ((performance.now() - start) * 1000) / (iterations * unitsPerOp);
  results.push(`| ${label} | ${micros.toFixed(1)} µs | ${Math.round(1e6 / micros).toLocaleString('en')}/s |`);
}

describe('signer cost', () => {
  it('measures signatures and RPC round trips', async () => {
    const hmac = parseSigningKey(generateSecret());
    const ed25519 = parseSigningKey(generateEd25519Secret());
    const input = (i: number) => ({ msgId: `msg_${i}`, timestamp: 1_700_000_000 + i, body: BODY });
    const N = 50_000;
    perOp('v1 (HMAC-SHA256, base64)', N, (i) => signWithKey(hmac, input(i)));
    perOp('v1a (ed25519)', N / 5, (i) => signWithKey(ed25519, input(i)));
    perOp('hmac-hex', N, () => signHmacHex(hmac.secret, BODY, 'sha256='));
    perOp('timestamped (t=,v1=)', N, (i) => signTimestamped(hmac.secret, 1_700_000_000 + i, BODY));
    perOp('all headers: v1 + 2 profiles', N, (i) =>
      signatureHeadersWithKeys({ ...input(i), keys: [hmac], profiles: [{ type: 'hmac-hex', header: 'x-a' }, { type: 'timestamped', header: 'x-b' }] }),
    );

    const env = await TestEnvironment.create();
    const signer = await startSignerReplica(env.config);
    // SignerClientModule wires the same transport through DI; ClientNats narrows ClientProxy's status type.
    const transport = new PrefixedNatsClient(new Subjects(env.prefix), natsTransportOptions(env.config)) as unknown as ClientProxy;
    const client = new SignerClient(transport);
    try {
      await client.createKey({ owner: 'ep_bench' as SignRequest['owner'] });
      const request = (i: number): SignRequest => ({ owner: 'ep_bench' as SignRequest['owner'], ...input(i), profiles: [] });
      await perOpAsync('RPC `signer.sign`, sequential round trip', 2000, (i) => client.sign(request(i)));
      await perOpAsync('RPC `signer.sign`, 32 in flight (per signature)', 200, (i) =>
        Promise.all(Array.from({ length: 32 }, (_, j) => client.sign(request(i * 32 + j)))), 32);
      await perOpAsync('RPC `signer.signBatch` of 100 (per signature)', 200, (i) =>
        client.signBatch({ requests: Array.from({ length: 100 }, (_, j) => request(i * 100 + j)) }), 100);
    } finally {
      await client.onModuleDestroy();
      await signer.app.close();
      await env.destroy();
    }

    const header = `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}`;
    console.log(`${header}\n| operation | cost | rate |\n| --- | --- | --- |\n${results.join('\n')}`);
  });
});
