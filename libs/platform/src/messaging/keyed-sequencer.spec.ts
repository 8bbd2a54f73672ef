import { KeyedSequencer } from './keyed-sequencer';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedSequencer', () => {
  it('runs tasks of one key one at a time in call order, even when later ones are faster', async () => {
    const sequencer = new KeyedSequencer();
    const done: number[] = [];
    await Promise.all([30, 10, 0].map((ms, n) => sequencer.run('k', async () => {
      await tick(ms);
      done.push(n);
    })));
    expect(done).toEqual([0, 1, 2]);
  });

  it('runs different keys in parallel', async () => {
    const sequencer = new KeyedSequencer();
    const done: string[] = [];
    await Promise.all([
      sequencer.run('slow', async () => { await tick(30); done.push('slow'); }),
      sequencer.run('fast', async () => { done.push('fast'); }),
    ]);
    expect(done).toEqual(['fast', 'slow']);
  });

  it('goes on after a failed task and forgets idle keys', async () => {
    const sequencer = new KeyedSequencer();
    const failed = sequencer.run('k', async () => { throw new Error('boom'); });
    const next = sequencer.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await tick(0);
    expect(sequencer.activeKeys).toBe(0);
  });
});
