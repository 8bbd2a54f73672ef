import { register } from 'prom-client';

/**
 * The metric registered under `name`, created on first use. prom-client's registry is per process, and several
 * Nest apps in one process (tests, the all-in-one) create the same metrics.
 */
export function registeredMetric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}
