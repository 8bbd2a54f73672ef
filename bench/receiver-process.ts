// The webhook receiver every scenario delivers to, as its own process (so its CPU and memory are its own).
// Paths under /hang/ never get an answer, paths under /fail/ get 400, everything else 200. It records, per
// `run` of the JSON body, when each request arrived and how long after its `sentAt` (publish→receipt), until the
// driver forgets the run (receiver-runs.ts).
// Started by receiver-handle.ts with fork(); answers queries over the IPC channel.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicMs } from './bench-clock';
import type { ReceiverMessage, ReceiverQuery } from './receiver-protocol';
import { ReceiverRuns } from './receiver-runs';

const runs = new ReceiverRuns();

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url ?? '/';
    runs.record(path, Buffer.concat(chunks).toString('utf8'), monotonicMs());
    if (path.startsWith('/hang/')) return;
    res.writeHead(path.startsWith('/fail/') ? 400 : 200, { 'content-type': 'text/plain' }).end('ok');
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'ready', port });
});
process.on('message', (query: ReceiverQuery) => send({ type: 'reply', id: query.id, result: runs.answer(query) }));
process.on('disconnect', () => process.exit(0));

function send(message: ReceiverMessage): void {
  process.send?.(message);
}
