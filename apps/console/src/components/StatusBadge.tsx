import type { StatusText } from '../api/api-types';

const LABELS: Record<StatusText, string> = { success: 'succeeded', pending: 'pending', fail: 'failed', sending: 'sending', canceled: 'cancelled' };

/** A delivery status as a coloured pill: green succeeded, red failed, amber pending/sending, grey cancelled. */
export function StatusBadge({ status }: { status: StatusText }) {
  return <span className={`badge badge-${status}`} data-status={status}>{LABELS[status]}</span>;
}

/** An HTTP status code, coloured by class; 0 means no response (timeout, connection error). */
export function ResponseCode({ code }: { code: number }) {
  const tone = code === 0 || code >= 500 ? 'fail' : code >= 400 ? 'pending' : 'success';
  return <span className={`code code-${tone}`}>{code === 0 ? 'no response' : code}</span>;
}
