import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import type { ReceiverMessage, ReceiverQuery, RunCount, RunStats } from './receiver-protocol';

type Pending = (result: RunCount | RunStats) => void;

/** The driver's side of receiver-process.ts: starts it and asks it what arrived. */
export class ReceiverHandle {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    readonly process: ManagedProcess,
    readonly port: number,
  ) {
    process.child.on('message', (message: ReceiverMessage) => {
      if (message.type !== 'reply') return;
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    });
  }

  static async start(logDir: string): Promise<ReceiverHandle> {
    const process = ManagedProcess.fork('receiver', join(__dirname, 'receiver-process.js'), {}, join(logDir, 'receiver.log'));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the receiver did not start within 10 s; log: ${process.logPath}`)), 10_000);
      process.child.on('message', (message: ReceiverMessage) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message.port);
      });
    });
    return new ReceiverHandle(process, port);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  count(run: string): Promise<RunCount> {
    return this.ask({ type: 'count', id: this.nextId++, run });
  }

  /** Counts, requests received in [from, to] (monotonic ms), and publish→receipt percentiles of the run. */
  stats(run: string, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<RunStats> {
    return this.ask({ type: 'stats', id: this.nextId++, run, from, to }) as Promise<RunStats>;
  }

  /** The run's last count; the receiver drops the run, so what it holds stays what is under way. */
  forget(run: string): Promise<RunCount> {
    return this.ask({ type: 'forget', id: this.nextId++, run });
  }

  private ask(query: ReceiverQuery): Promise<RunCount> {
    this.process.assertRunning();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the receiver did not answer a ${query.type} query within 30 s`)), 30_000);
      this.pending.set(query.id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.process.child.send(query);
    });
  }
}
