import type { AppRecord, ApplicationOut } from '@hookstream/contracts';
import type { ApplicationEntity } from '../persistence/application.entity';

export function toApplicationOut(app: ApplicationEntity): ApplicationOut {
  return {
    id: app.id,
    uid: app.uid,
    name: app.name,
    rateLimit: app.rateLimit,
    throttleRate: app.rateLimit,
    metadata: app.metadata,
    retrySchedule: app.retrySchedule,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

export function toAppRecord(app: ApplicationEntity): AppRecord {
  return {
    id: app.id,
    uid: app.uid,
    name: app.name,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}
