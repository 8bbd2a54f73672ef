import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type JetStreamManager, type StreamInfo } from 'nats';
import { freePort } from './child-service';
import { waitFor } from './test-environment';

const NATS_SERVER = process.env.TEST_NATS_SERVER ?? 'nats-server';

interface Node {
  name: string;
  clientPort: number;
  /** The command line it was started with: a restart reuses it, so the node comes back on its ports and store. */
  args: string[];
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
      return { name, clientPort: p.client, args, process: spawn(NATS_SERVER, args, { stdio: 'ignore' }) };
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

  /** The nodes' server names (`hs-n1` …), as stream info names leaders and replicas. */
  get names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  /** SIGKILLs the named node (no goodbye to its peers or clients). */
  kill(name: string): void {
    this.node(name).process.kill('SIGKILL');
  }

  /** SIGKILLs the named node and waits until it has exited, so its ports are free for a restart. */
  async stop(name: string): Promise<void> {
    await stop(this.node(name).process);
  }

  /**
   * Starts the named node again with its own ports, store dir and routes (stopping it first if it still runs), as a
   * supervisor would after a crash, and waits (bounded) until it accepts clients. Its streams catch up on their own:
   * see `waitForCurrentReplicas`.
   */
  async restart(name: string): Promise<void> {
    const node = this.node(name);
    await stop(node.process);
    node.process = spawn(NATS_SERVER, node.args, { stdio: 'ignore' });
    const url = `nats://127.0.0.1:${node.clientPort}`;
    await waitFor(
      async () => {
        if (node.process.exitCode !== null) throw new Error(`${name} exited with ${node.process.exitCode} after its restart`);
        const nc = await connect({ servers: [url], reconnect: false }).catch(() => null);
        await nc?.close();
        return nc !== null;
      },
      15_000,
      `${name} to accept connections again`,
    );
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => stop(node.process)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private node(name: string): Node {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in ${this.names.join(', ')}`);
    return node;
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

/** True when the stream has a leader and each of `nodes` is the leader or a current, online follower. */
function replicasCurrent(info: StreamInfo, nodes: string[]): boolean {
  const cluster = info.cluster;
  if (!cluster?.leader) return false;
  return nodes.every((node) => node === cluster.leader || (cluster.replicas ?? []).some((r) => r.name === node && r.current && !r.offline));
}

/**
 * Waits (bounded) until every one of `streams` has a leader and a current replica on each of `nodes`: a node that
 * was down has caught up with what was stored without it. Returns the streams' last info.
 */
export async function waitForCurrentReplicas(jsm: JetStreamManager, streams: string[], nodes: string[], timeoutMs = 30_000): Promise<StreamInfo[]> {
  let last: StreamInfo[] = [];
  try {
    return await waitFor(
      async () => {
        last = await Promise.all(streams.map((stream) => jsm.streams.info(stream))).catch(() => last);
        return last.length === streams.length && last.every((info) => replicasCurrent(info, nodes)) && last;
      },
      timeoutMs,
      `replicas of ${streams.join(', ')} current on ${nodes.join(', ')}`,
    );
  } catch (error) {
    const seen = last.map((info) => `${info.config.name}: leader ${info.cluster?.leader ?? 'none'}, ${JSON.stringify(info.cluster?.replicas ?? [])}`);
    throw new Error(`${(error as Error).message}\n${seen.join('\n')}`);
  }
}

async function stop(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return;
  const exited = new Promise((resolve) => process.once('exit', resolve));
  process.kill('SIGKILL');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}
