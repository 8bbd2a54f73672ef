import { Injectable, ServiceUnavailableException } from '@nestjs/common';

/** /readyz's 503: says which dependency is down, or that the process is shutting down (not an internal error). */
export class NotReadyException extends ServiceUnavailableException {}

export type ReadinessProbe = () => Promise<void>;

/** Services register what must be reachable for them to take work (NATS, their database). */
@Injectable()
export class ReadinessRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();
  private shuttingDown = false;

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  /** From now on the process reports not ready, so load balancers stop sending it work while it drains. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async check(timeoutMs = 2000): Promise<Record<string, { status: 'up' | 'down'; error?: string }>> {
    if (this.shuttingDown) return { shutdown: { status: 'down', error: 'shutting down' } };
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), timeoutMs, name);
          return [name, { status: 'up' as const }] as const;
        } catch (error) {
          return [name, { status: 'down' as const, error: (error as Error).message }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
