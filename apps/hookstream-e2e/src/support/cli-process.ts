import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The binary `npm ci` links; it loads dist/apps/cli (build it first: `npx nx build cli`). */
export const HOOKSTREAM_BIN = join(__dirname, '../../../../node_modules/.bin/hookstream');
const CLI_MAIN = join(__dirname, '../../../../dist/apps/cli/apps/cli/src/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!existsSync(HOOKSTREAM_BIN)) throw new Error(`${HOOKSTREAM_BIN} is missing: run npm ci`);
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run npx nx build cli`);
}

/** Runs `hookstream <args>` to completion (at most `timeoutMs`) with the API address and token in its env. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  const cli = CliProcess.start(args, env);
  return cli.exited(timeoutMs);
}

/** A running `hookstream` (tail, listen): its output so far, waits on it, and Ctrl-C. */
export class CliProcess {
  stdout = '';
  stderr = '';
  private readonly exit: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(args: string[], env: Record<string, string>): CliProcess {
    return new CliProcess(spawn(HOOKSTREAM_BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Waits until stdout + stderr match `pattern`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout) && !pattern.test(this.stderr)) {
      if (Date.now() > deadline) throw new Error(`hookstream printed no ${pattern} within ${timeoutMs} ms\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      if (this.child.exitCode !== null) throw new Error(`hookstream exited ${this.child.exitCode} before printing ${pattern}\nstderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ctrl-C, then the exit code. */
  async interrupt(timeoutMs = 10_000): Promise<number | null> {
    this.child.kill('SIGINT');
    return (await this.exited(timeoutMs)).code;
  }

  async exited(timeoutMs: number): Promise<CliResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`hookstream did not exit within ${timeoutMs} ms\nstdout: ${this.stdout}\nstderr: ${this.stderr}`));
      }, timeoutMs);
    });
    try {
      const code = await Promise.race([this.exit, timeout]);
      return { code, stdout: this.stdout, stderr: this.stderr };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills it if still running (afterAll safety net). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
