import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// The house rules of the monorepo, checked on Nx's own project graph: apps are thin shells that depend on
// libs, never on each other; libs never depend on apps; every lib is imported through its root index only.

interface Graph {
  graph: {
    nodes: Record<string, { type: string; data: { root: string } }>;
    dependencies: Record<string, Array<{ target: string; type: string }>>;
  };
}

const root = join(__dirname, '../..');

function projectGraph(): Graph['graph'] {
  const file = join(tmpdir(), `hookstream-graph-${process.pid}.json`);
  execFileSync('npx', ['nx', 'graph', `--file=${file}`], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
  return (JSON.parse(readFileSync(file, 'utf8')) as Graph).graph;
}

describe('workspace dependency rules', () => {
  const graph = projectGraph();
  const isApp = (name: string) => graph.nodes[name]?.data.root.startsWith('apps/');
  const isLib = (name: string) => graph.nodes[name]?.data.root.startsWith('libs/');
  const staticEdges = Object.entries(graph.dependencies).flatMap(([source, targets]) =>
    targets.filter((t) => t.type !== 'implicit' && graph.nodes[t.target]).map((t) => [source, t.target] as const),
  );

  it('has the four services and the launcher as apps', () => {
    for (const app of ['ingest', 'signer', 'dispatcher', 'delivery-log', 'all-in-one']) {
      expect(graph.nodes[app]?.data.root).toBe(`apps/${app}`);
    }
  });

  it('lets apps depend on libs only, never on another app', () => {
    expect(staticEdges.filter(([source, target]) => isApp(source) && isApp(target))).toEqual([]);
    expect(staticEdges.some(([source, target]) => source === 'ingest' && target === 'ingest-lib')).toBe(true);
  });

  it('never lets a lib depend on an app', () => {
    expect(staticEdges.filter(([source, target]) => isLib(source) && isApp(target))).toEqual([]);
  });

  it("keeps the signer's key store out of the processes that only call the signer", () => {
    const callers = ['ingest', 'ingest-lib', 'dispatcher', 'dispatcher-lib', 'delivery-log', 'delivery-log-lib'];
    expect(staticEdges.filter(([source, target]) => callers.includes(source) && target === 'signer-lib')).toEqual([]);
    expect(staticEdges).toContainEqual(['ingest-lib', 'signer-client']);
    expect(staticEdges).toContainEqual(['dispatcher-lib', 'signer-client']);
  });

  it('imports libs only through their root index', () => {
    const grep = spawnSync('git', ['grep', '-nE', "from '@hookstream/[a-z-]+/", '--', 'apps', 'libs'], { cwd: root });
    expect(grep.status).toBe(1); // git grep: 1 = no match
    expect(grep.stdout.toString()).toBe('');
  });
});
