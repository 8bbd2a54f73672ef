import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HookstreamConfig } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';

const HOUR_MS = 3600_000;

export interface RetentionResult {
  expungedPayloads: number;
  prunedAttempts: number;
}

/**
 * Retention (Svix: 90 days): message payloads past `payloadRetentionDays` are expunged, attempts past
 * `attemptRetentionDays` deleted. Hourly, by one replica at a time (advisory lock). A rule of age, not an event:
 * after a rebuild from the LOG stream the next run removes the same rows again.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionJob.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource(DELIVERY_LOG_CONNECTION) private readonly db: DataSource,
    private readonly config: HookstreamConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runSafely(), HOUR_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async runOnce(now = new Date()): Promise<RetentionResult> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query("SELECT pg_try_advisory_xact_lock(hashtext('hookstream:delivery-log:retention')) AS locked");
      if (!locked) return { expungedPayloads: 0, prunedAttempts: 0 };
      const [, expungedPayloads] = await tx.query(
        `UPDATE delivery_log.messages SET payload = NULL WHERE payload IS NOT NULL AND timestamp < $1::timestamptz - make_interval(days => $2)`,
        [now, this.config.payloadRetentionDays],
      );
      const [, prunedAttempts] = await tx.query(
        `DELETE FROM delivery_log.attempts WHERE timestamp < $1::timestamptz - make_interval(days => $2)`,
        [now, this.config.attemptRetentionDays],
      );
      return { expungedPayloads: Number(expungedPayloads), prunedAttempts: Number(prunedAttempts) };
    });
  }

  private async runSafely(): Promise<void> {
    try {
      const result = await this.runOnce();
      if (result.expungedPayloads || result.prunedAttempts) this.logger.log(result, 'retention applied');
    } catch (error) {
      this.logger.error({ err: error }, 'retention run failed; next run in an hour');
    }
  }
}
