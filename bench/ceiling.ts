import { Pool } from 'undici';
import { benchPayload } from './receiver-protocol';
import type { ReceiverHandle } from './receiver-handle';
import type { SystemUnderTest } from './load-drivers';

/** The ceiling: a plain undici POST loop from the driver to the receiver — no queue, no signing, no database. */
export class Ceiling implements SystemUnderTest {
  readonly name = 'ceiling';
  readonly inFlight = 'response';
  private readonly pool: Pool;

  constructor(receiver: ReceiverHandle, connections: number) {
    this.pool = new Pool(receiver.url(''), { connections });
  }

  async send(run: string, i: number, sentAt: number): Promise<void> {
    const response = await this.pool.request({
      method: 'POST',
      path: '/ceiling',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(benchPayload(run, i, sentAt)),
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`the receiver answered ${response.statusCode}`);
  }

  assertRunning(): void {}

  pids(): Record<string, number> {
    return { 'driver (the POST loop)': process.pid };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
