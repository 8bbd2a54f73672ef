import { SharedLookups } from './shared-lookups';

/** A lookup whose answers the test releases by hand, counting how often it was asked. */
function controlledLookup() {
  const pending: Array<{ resolve: (value: string) => void; reject: (error: Error) => void }> = [];
  const lookup = (key: string) => new Promise<string>((resolve, reject) => pending.push({ resolve: () => resolve(`${key}@${pending.length}`), reject }));
  return { lookup, pending };
}

describe('SharedLookups', () => {
  it('gives callers that miss together one lookup and its answer', async () => {
    const cache = new SharedLookups<string, string>({ max: 10, ttlMs: 0 });
    const { lookup, pending } = controlledLookup();
    const answers = Promise.all(Array.from({ length: 50 }, () => cache.get('app_1', lookup)));
    expect(pending).toHaveLength(1);
    pending[0].resolve('');
    expect(new Set(await answers)).toEqual(new Set(['app_1@1']));
    await expect(cache.get('app_1', lookup)).resolves.toBe('app_1@1');
    expect(pending).toHaveLength(1);
  });

  it('looks up again once the answer is older than its ttl', async () => {
    const cache = new SharedLookups<string, number>({ max: 10, ttlMs: 100 });
    let lookups = 0;
    const lookup = async () => ++lookups;
    await expect(cache.get('k', lookup)).resolves.toBe(1);
    await expect(cache.get('k', lookup)).resolves.toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(cache.get('k', lookup)).resolves.toBe(2);
  });

  it('does not keep a failed lookup: every waiting caller gets the error, the next caller asks again', async () => {
    const cache = new SharedLookups<string, string>({ max: 10, ttlMs: 0 });
    const { lookup, pending } = controlledLookup();
    const first = cache.get('k', lookup);
    const second = cache.get('k', lookup);
    pending[0].reject(new Error('connection refused'));
    await expect(first).rejects.toThrow('connection refused');
    await expect(second).rejects.toThrow('connection refused');
    const third = cache.get('k', lookup);
    expect(pending).toHaveLength(2);
    pending[1].resolve('');
    await expect(third).resolves.toBe('k@2');
  });

  it('keeps an entry deleted while its lookup ran deleted, and a newer lookup in place when the older one fails', async () => {
    const cache = new SharedLookups<string, string>({ max: 10, ttlMs: 0 });
    const { lookup, pending } = controlledLookup();
    const stale = cache.get('k', lookup);
    cache.delete('k');
    const fresh = cache.get('k', lookup);
    expect(pending).toHaveLength(2);
    pending[0].reject(new Error('read raced a change'));
    await expect(stale).rejects.toThrow('read raced a change');
    pending[1].resolve('');
    await expect(fresh).resolves.toBe('k@2');
    await expect(cache.get('k', lookup)).resolves.toBe('k@2');
    expect(pending).toHaveLength(2);
  });

  it('forgets everything on clear', async () => {
    const cache = new SharedLookups<string, number>({ max: 10, ttlMs: 0 });
    let lookups = 0;
    const lookup = async () => ++lookups;
    await cache.get('a', lookup);
    cache.clear();
    await expect(cache.get('a', lookup)).resolves.toBe(2);
  });
});
