import { Logger } from '@nestjs/common';
import { ProjectionCatchUp, type ProjectionProgress } from './projection-catch-up';

const OPTIONS = { timeoutMs: 2000, pollMs: 20 };

/** A LOG stream ending at `end` whose projection has acked up to `floor`; the specs move both by hand. */
class FakeProgress implements ProjectionProgress {
  end = 10;
  floor = 10;
  readonly streamLastSeq = jest.fn((): Promise<number> => Promise.resolve(this.end));
  readonly projectedSeq = jest.fn((): Promise<number> => Promise.resolve(this.floor));
}

/** The promise's outcome so far: `pending` until it settles. */
function track<T>(promise: Promise<T>): { state: 'pending' | 'resolved'; value?: T } {
  const tracked: { state: 'pending' | 'resolved'; value?: T } = { state: 'pending' };
  void promise.then((value) => Object.assign(tracked, { state: 'resolved', value }));
  return tracked;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ProjectionCatchUp', () => {
  let progress: FakeProgress;
  let catchUp: ProjectionCatchUp;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    progress = new FakeProgress();
    catchUp = new ProjectionCatchUp(progress, OPTIONS);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('answers a hit from the lookup alone, without asking JetStream', async () => {
    const lookup = jest.fn().mockResolvedValue({ id: 'msg_1' });
    await expect(catchUp.find(lookup)).resolves.toEqual({ id: 'msg_1' });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(progress.streamLastSeq).not.toHaveBeenCalled();
    expect(progress.projectedSeq).not.toHaveBeenCalled();
  });

  it('looks again once the ack floor reaches the stream end read after the miss', async () => {
    progress.floor = 7;
    const lookup = jest.fn().mockResolvedValueOnce(null).mockResolvedValueOnce({ id: 'msg_1' });
    const found = track(catchUp.find(lookup));
    await jest.advanceTimersByTimeAsync(200);
    expect(found.state).toBe('pending');
    expect(lookup).toHaveBeenCalledTimes(1);

    progress.floor = 10;
    await jest.advanceTimersByTimeAsync(OPTIONS.pollMs);
    expect(found).toEqual({ state: 'resolved', value: { id: 'msg_1' } });
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(progress.streamLastSeq).toHaveBeenCalledTimes(1);
  });

  it('answers a genuine miss after one look at JetStream when the projection is caught up', async () => {
    const lookup = jest.fn().mockResolvedValue(null);
    const found = track(catchUp.find(lookup));
    await jest.advanceTimersByTimeAsync(0);
    expect(found).toEqual({ state: 'resolved', value: null });
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(progress.projectedSeq).toHaveBeenCalledTimes(1);
  });

  it('gives up at the bound while the projection stays behind, then looks once more and stops polling', async () => {
    progress.floor = 5;
    const lookup = jest.fn().mockResolvedValue(null);
    const found = track(catchUp.find(lookup));
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs - 1);
    expect(found.state).toBe('pending');

    await jest.advanceTimersByTimeAsync(1);
    expect(found).toEqual({ state: 'resolved', value: null });
    expect(lookup).toHaveBeenCalledTimes(2);
    const polls = progress.projectedSeq.mock.calls.length;
    expect(polls).toBeGreaterThan(50);
    await jest.advanceTimersByTimeAsync(1000);
    expect(progress.projectedSeq).toHaveBeenCalledTimes(polls);
  });

  it('gives up at the bound when JetStream does not answer', async () => {
    progress.streamLastSeq.mockReturnValue(new Promise<number>(() => undefined));
    const caughtUp = track(catchUp.waitForProjection());
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs);
    expect(caughtUp).toEqual({ state: 'resolved', value: false });
  });

  it('stops waiting at once when JetStream cannot tell (the consumer is missing, NATS is down)', async () => {
    progress.projectedSeq.mockRejectedValue(new Error('consumer not found'));
    const caughtUp = track(catchUp.waitForProjection());
    await jest.advanceTimersByTimeAsync(0);
    expect(caughtUp).toEqual({ state: 'resolved', value: false });
    expect(Logger.prototype.warn).toHaveBeenCalled();
  });

  it('shares one stream-end read and one ack-floor poll among misses of the same moment', async () => {
    progress.floor = 8;
    const waits = Array.from({ length: 5 }, () => track(catchUp.waitForProjection()));
    await jest.advanceTimersByTimeAsync(3 * OPTIONS.pollMs);
    expect(waits.every((wait) => wait.state === 'pending')).toBe(true);

    progress.floor = 10;
    await jest.advanceTimersByTimeAsync(OPTIONS.pollMs);
    expect(waits.every((wait) => wait.value === true)).toBe(true);
    expect(progress.streamLastSeq).toHaveBeenCalledTimes(1);
    expect(progress.projectedSeq).toHaveBeenCalledTimes(5);
  });

  it('makes a miss that arrives while the stream end is being read wait for a read sent after it', async () => {
    const first = deferred<number>();
    const second = deferred<number>();
    progress.streamLastSeq.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    progress.floor = 10;
    const earlier = track(catchUp.waitForProjection());
    await jest.advanceTimersByTimeAsync(0);
    const later = track(catchUp.waitForProjection());
    const alongside = track(catchUp.waitForProjection());
    await jest.advanceTimersByTimeAsync(0);
    expect(progress.streamLastSeq).toHaveBeenCalledTimes(1);

    first.resolve(10);
    await jest.advanceTimersByTimeAsync(0);
    expect(earlier.value).toBe(true);
    expect(progress.streamLastSeq).toHaveBeenCalledTimes(2);
    expect(later.state).toBe('pending');

    second.resolve(12);
    await jest.advanceTimersByTimeAsync(OPTIONS.pollMs);
    expect(later.state).toBe('pending');
    progress.floor = 12;
    await jest.advanceTimersByTimeAsync(OPTIONS.pollMs);
    expect([later.value, alongside.value]).toEqual([true, true]);
    expect(progress.streamLastSeq).toHaveBeenCalledTimes(2);
  });
});
