import type { Dispatcher } from 'undici';

export interface CollectedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body up to the limit, as UTF-8. */
  body: string;
}

/**
 * An undici dispatch handler that keeps a response's status, headers and body up to `limit` bytes, and settles one
 * promise. It spares each POST what undici's `request()` builds for a general caller: a Readable body, its async
 * iterator and the signal listeners, a sizeable part of the dispatcher's CPU at full speed. Reaching the limit or
 * `abort()` (the deadline) ends the exchange; the connection is closed rather than drained.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  readonly response: Promise<CollectedResponse>;
  private resolve!: (response: CollectedResponse) => void;
  private reject!: (error: Error) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private abortReason: Error | null = null;
  private settled = false;
  private statusCode = 0;
  private headers: CollectedResponse['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {
    this.response = new Promise<CollectedResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Ends the exchange now with `reason`, whether or not it has reached a socket yet. */
  abort(reason: Error): void {
    if (this.settled) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
    this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: CollectedResponse['headers']): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.limit) return;
    this.succeed();
    controller.abort(new Error(`response body cut at ${this.limit} bytes`));
  }

  onResponseEnd(): void {
    this.succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private succeed(): void {
    if (this.settled) return;
    this.settled = true;
    const body = Buffer.concat(this.chunks, this.size).subarray(0, this.limit).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body });
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
