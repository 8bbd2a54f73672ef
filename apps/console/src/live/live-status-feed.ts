import type { LiveStatus } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { SseParser } from './sse-parser';

/**
 * Follows an app's live status stream until `signal` aborts, calling `onStatus` for each change. Resolves when
 * the stream ends (server closed it, or aborted); rejects when it cannot open.
 */
export async function followLiveStatus(api: ConsoleApi, app: string, signal: AbortSignal, onStatus: (status: LiveStatus) => void): Promise<void> {
  const response = await api.liveStream(app, signal);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of parser.push(value)) {
        if (event.event === 'status') onStatus(JSON.parse(event.data) as LiveStatus);
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
