import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isLocalHost, isReachable, onPath } from './reachability';

describe('reachability', () => {
  it('tells a listening loopback port from a closed one', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await isReachable('127.0.0.1', port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await isReachable('127.0.0.1', port)).toBe(false);
  });

  it('only treats loopback names as local', () => {
    expect(isLocalHost('127.0.0.1')).toBe(true);
    expect(isLocalHost('localhost')).toBe(true);
    expect(isLocalHost('nats.internal')).toBe(false);
  });

  it('finds executables on PATH and not missing ones', () => {
    expect(onPath('node')).toMatch(/node$/);
    expect(onPath('definitely-not-a-binary-hookstream')).toBeNull();
  });
});
