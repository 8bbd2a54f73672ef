import { ReceiverRuns } from './receiver-runs';

const body = (run: string, i: number, sentAt: number) => JSON.stringify({ run, i, sentAt });

describe('ReceiverRuns', () => {
  it('counts each run apart, a redelivered duplicate once among the distinct', () => {
    const runs = new ReceiverRuns();
    runs.record('/a', body('r1', 1, 0), 5);
    runs.record('/a', body('r1', 1, 0), 6);
    runs.record('/a', body('r1', 2, 0), 7);
    runs.record('/a', body('r2', 1, 0), 8);
    expect(runs.answer({ type: 'count', id: 1, run: 'r1' })).toEqual({ distinct: 2, total: 3 });
    expect(runs.answer({ type: 'count', id: 2, run: 'r2' })).toEqual({ distinct: 1, total: 1 });
  });

  it('gives the requests of a window and the publish→receipt percentiles', () => {
    const runs = new ReceiverRuns();
    for (let i = 0; i < 100; i += 1) runs.record('/a', body('r', i, 1000 + i), 1000 + i + (i + 1));
    expect(runs.answer({ type: 'stats', id: 1, run: 'r', from: 1010, to: 1030 })).toEqual({
      distinct: 100,
      total: 100,
      inWindow: 10, // received at 1000 + 2i + 1: i = 5 … 14
      p50: 50,
      p99: 99,
      max: 100,
    });
  });

  it('answers a forgotten run with its last count, then holds nothing of it', () => {
    const runs = new ReceiverRuns();
    runs.record('/a', body('r', 1, 0), 5);
    runs.record('/a', body('r', 2, 0), 6);
    runs.record('/a', body('other', 1, 0), 7);
    expect(runs.answer({ type: 'forget', id: 1, run: 'r' })).toEqual({ distinct: 2, total: 2 });
    expect(runs.answer({ type: 'count', id: 2, run: 'r' })).toEqual({ distinct: 0, total: 0 });
    expect(runs.answer({ type: 'count', id: 3, run: 'other' })).toEqual({ distinct: 1, total: 1 });
  });

  it('files a body it cannot read under "unreadable"', () => {
    const runs = new ReceiverRuns();
    runs.record('/a', 'not json', 5);
    expect(runs.answer({ type: 'count', id: 1, run: 'unreadable' })).toEqual({ distinct: 1, total: 1 });
  });
});
