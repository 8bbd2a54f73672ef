import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes the items submitted in one turn as one batch and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, string>({
      write: async (items) => {
        batches.push(items);
        return items.map((item) => `r${item}`);
      },
      maxBatch: 100,
    });

    const results = await Promise.all([1, 2, 3].map((item) => commit.submit(item)));

    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('queues what arrives during a write for the next batch, at most maxBatch items each', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const firstWrite = new Promise<void>((resolve) => (release = resolve));
    const commit = new GroupCommit<number, number>({
      write: async (items) => {
        batches.push(items);
        if (batches.length === 1) await firstWrite;
        return items;
      },
      maxBatch: 2,
    });

    const first = commit.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => commit.submit(item));
    release();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('writes a failed batch item by item, so only the bad item fails', async () => {
    const commit = new GroupCommit<number, number>({
      write: async (items) => {
        if (items.includes(13)) throw new Error('13 is refused');
        return items.map((item) => item * 10);
      },
      maxBatch: 100,
    });

    const results = await Promise.allSettled([12, 13, 14].map((item) => commit.submit(item)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 120 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 140 },
    ]);
  });

  it('rejects every caller of a batch whose writer answers with the wrong number of results', async () => {
    const commit = new GroupCommit<number, number>({ write: async () => [], maxBatch: 100 });

    await expect(commit.submit(1)).rejects.toThrow('group commit: 1 items written, 0 results');
  });

  it('fails the rest of a batch at once when a failure is not the item\'s own fault', async () => {
    let writes = 0;
    const commit = new GroupCommit<number, number>({
      write: async () => {
        writes += 1;
        throw new Error('database gone');
      },
      maxBatch: 100,
      isItemFault: () => false,
    });

    const results = await Promise.allSettled([1, 2, 3].map((item) => commit.submit(item)));

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(writes).toBe(2); // the batch, then the first item alone
  });

  describe('lingering', () => {
    const recorder = (lingerMs: number, maxBatch = 100) => {
      const batches: number[][] = [];
      const commit = new GroupCommit<number, number>({
        write: async (items) => {
          batches.push(items);
          return items;
        },
        maxBatch,
        lingerMs,
      });
      return { batches, commit };
    };
    const turn = () => new Promise((resolve) => setImmediate(resolve));

    it('holds an item submitted with linger for up to lingerMs, so items of later turns share its batch', async () => {
      const { batches, commit } = recorder(40);
      const first = commit.submit(1, { linger: true });
      await turn();
      await turn();
      expect(batches).toEqual([]);
      const second = commit.submit(2, { linger: true });
      await Promise.all([first, second]);
      expect(batches).toEqual([[1, 2]]);
    });

    it('writes a lingering item after lingerMs even when nothing else comes', async () => {
      const { batches, commit } = recorder(5);
      const startedAt = performance.now();
      await commit.submit(1, { linger: true });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(4);
      expect(batches).toEqual([[1]]);
    });

    it('sends lingering items along at once with an item that may not wait', async () => {
      const { batches, commit } = recorder(60_000);
      const lingering = commit.submit(1, { linger: true });
      await turn();
      await Promise.all([lingering, commit.submit(2)]);
      expect(batches).toEqual([[1, 2]]);
    });

    it('stops lingering once a full batch is waiting', async () => {
      const { batches, commit } = recorder(60_000, 3);
      await Promise.all([1, 2, 3].map((item) => commit.submit(item, { linger: true })));
      expect(batches).toEqual([[1, 2, 3]]);
    });

    it('does not linger without lingerMs', async () => {
      const { batches, commit } = recorder(0);
      await commit.submit(1, { linger: true });
      expect(batches).toEqual([[1]]);
    });
  });
});
