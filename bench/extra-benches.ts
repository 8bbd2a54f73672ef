import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ExtraBench {
  title: string;
  command: string;
  /** The markdown lines the bench printed (its table, and its header line where it has one). */
  lines: string[];
}

const REPO = join(__dirname, '..', '..');

/** Runs one of the jest benches (bench/jest.<name>.config.js) and keeps what it printed as a table. */
export async function runJestBench(title: string, config: string, env: Record<string, string>): Promise<ExtraBench> {
  const args = [join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', config, '--runInBand'];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`npx jest -c ${config} failed (exit ${code}):\n${text.split('\n').slice(-30).join('\n')}`))));
  });
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|') || /^node v\d/.test(line));
  if (!lines.some((line) => line.startsWith('|'))) throw new Error(`npx jest -c ${config} printed no table:\n${output.slice(-2000)}`);
  const command = `${Object.entries(env).map(([name, value]) => `${name}=${value} `).join('')}npx jest -c ${config}`;
  return { title, command, lines };
}

/** Seconds until every fan-out delivery was received, from fanout.bench.ts's table. */
export function fanOutSeconds(bench: ExtraBench): number | null {
  const line = bench.lines.find((row) => row.includes('every delivery received'));
  const match = line && /\|\s*([\d.]+) s/.exec(line);
  return match ? Number(match[1]) : null;
}
