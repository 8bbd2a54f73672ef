/** What one HTTP attempt came to. */
export type SendResult =
  | { kind: 'response'; statusCode: number; body: string; durationMs: number }
  | { kind: 'error'; error: string; durationMs: number };

export function isSuccess(result: SendResult): boolean {
  return result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300;
}
