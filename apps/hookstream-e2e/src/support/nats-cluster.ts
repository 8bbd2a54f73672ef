import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { freePort } from './child-service';
import { waitFor } from './test-environment';

const NATS_SERVER = process.env.TEST_NATS_SERVER ?? 'nats-server';

interface Node {
  name: string;
  clientPort: number;
  process: ChildProcess;
}

/**
 * A JetStream cluster of `nats-server` processes on loopback (own client and route ports, own store dirs under a
 * temp dir, one cluster name), so a test can kill a node without touching the machine's NATS.
 */
export class NatsCluster {
  private constructor(
    private readonly dir: string,
    private readonly nodes: Node[],
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'hs-nats-'));
    const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })));
    const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(',');
    const nodes = ports.map((p, i) => {
      const name = `hs-n${i + 1}`;
      const store = join(dir, name);
      mkdirSync(store);
      const args = ['-a', '127.0.0.1', '-p', String(p.client), '-js', '-sd', store, '-n', name, '--cluster_name', 'hs-test', '--cluster', `nats://127.0.0.1:${p.route}`, '--routes', routes];
      return { name, clientPort: p.client, process: spawn(NATS_SERVER, args, { stdio: 'ignore' }) };
    });
    const cluster = new NatsCluster(dir, nodes);
    try {
      await cluster.waitForJetStream();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated, as NATS_URL takes it. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  /** SIGKILLs the named node (no goodbye to its peers or clients). */
  kill(name: string): void {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in ${this.nodes.map((n) => n.name).join(', ')}`);
    node.process.kill('SIGKILL');
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => stop(node.process)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Until the cluster has elected a JetStream meta leader and answers account info (bounded). */
  private async waitForJetStream(): Promise<void> {
    const nc = await waitFor(() => connect({ servers: this.url.split(','), reconnect: false }).catch(() => null), 15_000, 'a cluster node to accept connections');
    try {
      const jsm = await nc.jetstreamManager({ checkAPI: false });
      await waitFor(() => jsm.getAccountInfo().then(() => true).catch(() => false), 30_000, 'the cluster to elect a JetStream leader');
    } finally {
      await nc.close();
    }
  }
}

async function stop(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return;
  const exited = new Promise((resolve) => process.once('exit', resolve));
  process.kill('SIGKILL');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}
