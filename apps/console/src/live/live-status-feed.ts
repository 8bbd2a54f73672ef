import type { LiveStatus } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { SseParser } from './sse-parser';

export interface LiveStatusHandlers {
  onOpen: () => void;
  onStatus: (status: LiveStatus) => void;
}

/**
 * Follows an app's live status stream until `signal` aborts: `onOpen` once the server accepted it, `onStatus` for
 * each change. Resolves when the stream ends (server closed it, or aborted); rejects when it cannot open.
 */
export async function followLiveStatus(api: ConsoleApi, app: string, signal: AbortSignal, { onOpen, onStatus }: LiveStatusHandlers): Promise<void> {
  const response = await api.liveStream(app, signal);
  if (!response.body) return;
  onOpen();
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
