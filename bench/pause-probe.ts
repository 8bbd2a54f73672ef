import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import { summarisePauses, type PauseProbeMessage, type PauseSummary } from './pause-probe-protocol';

/** The driver's side of pause-probe-process.ts: starts it and asks which pauses a phase sat through. */
export class PauseProbe {
  private nextId = 0;

  private constructor(readonly process: ManagedProcess) {}

  static async start(logDir: string): Promise<PauseProbe> {
    const probe = ManagedProcess.fork('pause probe', join(__dirname, 'pause-probe-process.js'), {}, join(logDir, 'pause-probe.log'));
    await probe.ready(10_000, 'start');
    return new PauseProbe(probe);
  }

  /** The pauses overlapping [from, to] (monotonic ms). */
  during(from: number, to: number): Promise<PauseSummary> {
    this.process.assertRunning();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the pause probe did not answer within 10 s')), 10_000);
      const onReply = (message: PauseProbeMessage) => {
        if (message.type !== 'reply' || message.id !== id) return;
        clearTimeout(timer);
        this.process.child.off('message', onReply);
        resolve(summarisePauses(message.pauses));
      };
      this.process.child.on('message', onReply);
      this.process.child.send({ id, from, to });
    });
  }
}
