import { ReadinessRegistry } from './readiness';

describe('ReadinessRegistry', () => {
  it('reports each probe, down with its error when it throws', async () => {
    const registry = new ReadinessRegistry();
    registry.register('nats', async () => undefined);
    registry.register('postgres:ingest', async () => {
      throw new Error('connection refused');
    });
    expect(await registry.check()).toEqual({ nats: { status: 'up' }, 'postgres:ingest': { status: 'down', error: 'connection refused' } });
  });

  it('reports down once shutting down, whatever the probes say', async () => {
    const registry = new ReadinessRegistry();
    registry.register('nats', async () => undefined);
    registry.markShuttingDown();
    expect(await registry.check()).toEqual({ shutdown: { status: 'down', error: 'shutting down' } });
  });
});
