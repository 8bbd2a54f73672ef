/** The BullMQ baseline's job, shared by the producer (the driver) and bullmq-worker.ts. The job's name is its run. */
export interface WebhookJob {
  msgId: string;
  url: string;
  body: string;
}

export const BULLMQ_QUEUE = 'webhooks';

/** Five attempts, retried by BullMQ itself with exponential backoff from 1 s. */
export const BULLMQ_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 };
