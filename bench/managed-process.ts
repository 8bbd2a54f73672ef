import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sleep } from './bench-clock';

/**
 * A child process the bench started: its output goes to a log file, an exit the bench did not ask for is kept
 * as an error that every wait checks, and its peak RSS is read from /proc before it stops.
 */
export class ManagedProcess {
  private exitError: Error | null = null;
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    const log = createWriteStream(logPath);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        if (!this.stopping) this.exitError = new Error(`${name} (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal}); log: ${logPath}\n${this.logTail()}`);
        resolve();
      });
    });
    child.on('error', (error) => {
      this.exitError = new Error(`${name} could not run: ${error.message}`);
    });
  }

  /** A program; its output is appended to `logPath`. */
  static spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string): ManagedProcess {
    return new ManagedProcess(name, spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }), logPath);
  }

  /** A Node script with an IPC channel, run with `execArgv` (node flags). */
  static fork(name: string, script: string, env: NodeJS.ProcessEnv, logPath: string, execArgv: string[] = []): ManagedProcess {
    return new ManagedProcess(name, fork(script, [], { env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }), logPath);
  }

  /** Resolves on the script's first IPC message (its "ready"); fails if it exits first or says nothing within `timeoutMs`. */
  async ready(timeoutMs: number, waitingFor: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const settle = (error: Error | null) => {
        clearTimeout(timer);
        this.child.off('message', onMessage).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = () => settle(null);
      const onExit = () => settle(new Error(`${this.name} exited while starting; log: ${this.logPath}\n${this.logTail()}`));
      const timer = setTimeout(() => settle(new Error(`${this.name} did not ${waitingFor} within ${timeoutMs / 1000} s; log: ${this.logPath}\n${this.logTail()}`)), timeoutMs);
      this.child.on('message', onMessage).on('exit', onExit);
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid: it did not start (${this.exitError?.message ?? 'unknown reason'})`);
    return this.child.pid;
  }

  /** Throws if the process died on its own. */
  assertRunning(): void {
    if (this.exitError) throw this.exitError;
  }

  /** Peak resident set size (VmHWM) in MB, from /proc/<pid>/status. */
  peakRssMb(): number {
    return peakRssMb(this.pid);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Peak resident set size (VmHWM) of a process in MB, from /proc/<pid>/status. */
export function peakRssMb(pid: number | 'self'): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** Resident set size (VmRSS) of a process right now, in MB, from /proc/<pid>/status. */
export function residentMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
