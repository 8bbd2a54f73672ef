import type {
  Application,
  Attempt,
  DeadLetter,
  DeliveryFilter,
  Endpoint,
  EndpointHealth,
  EndpointMessage,
  ListResponse,
  Message,
  RecoverOut,
} from './api-types';
import { STATUS_CODES } from './api-types';

/** A non-2xx answer, with the API's own message (Svix errors carry `detail`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** The admin REST API (`/api/v1/…`) with one bearer token: the operator's, or an app-scoped `hsat_` token. */
export class ConsoleApi {
  constructor(
    private readonly token: string,
    private readonly fetchFn: FetchFn = (input, init) => fetch(input, init),
    private readonly baseUrl = '',
  ) {}

  apps(): Promise<ListResponse<Application>> {
    return this.get('/api/v1/app?limit=250');
  }

  app(app: string): Promise<Application> {
    return this.get(`/api/v1/app/${enc(app)}`);
  }

  endpoints(app: string): Promise<ListResponse<Endpoint>> {
    return this.get(`/api/v1/app/${enc(app)}/endpoint?limit=250`);
  }

  /** Disabled and why, the circuit the dispatchers reported, the recent attempts (Hookstream extension). */
  endpointHealth(app: string, endpoint: string): Promise<EndpointHealth> {
    return this.get(`/api/v1/app/${enc(app)}/endpoint/${enc(endpoint)}/health`);
  }

  /** What one endpoint was sent, newest first, with each delivery's status. */
  deliveries(app: string, endpoint: string, filter: DeliveryFilter, limit = 50): Promise<ListResponse<EndpointMessage>> {
    const query = new URLSearchParams({ limit: String(limit), with_content: 'false' });
    if (filter.status) query.set('status', String(STATUS_CODES[filter.status]));
    if (filter.eventType) query.set('event_types', filter.eventType);
    if (filter.after) query.set('after', filter.after);
    if (filter.before) query.set('before', filter.before);
    return this.get(`/api/v1/app/${enc(app)}/endpoint/${enc(endpoint)}/msg?${query}`);
  }

  message(app: string, msg: string): Promise<Message> {
    return this.get(`/api/v1/app/${enc(app)}/msg/${enc(msg)}?with_content=true`);
  }

  attempts(app: string, msg: string, endpoint: string): Promise<ListResponse<Attempt>> {
    return this.get(`/api/v1/app/${enc(app)}/attempt/msg/${enc(msg)}?endpoint_id=${enc(endpoint)}&limit=50`);
  }

  async resend(app: string, msg: string, endpoint: string): Promise<void> {
    await this.send('POST', `/api/v1/app/${enc(app)}/msg/${enc(msg)}/endpoint/${enc(endpoint)}/resend`);
  }

  recover(app: string, endpoint: string, since: string): Promise<RecoverOut> {
    return this.send('POST', `/api/v1/app/${enc(app)}/endpoint/${enc(endpoint)}/recover`, { since });
  }

  async secret(app: string, endpoint: string): Promise<string> {
    const { key } = await this.get<{ key: string }>(`/api/v1/app/${enc(app)}/endpoint/${enc(endpoint)}/secret`);
    return key;
  }

  async rotateSecret(app: string, endpoint: string): Promise<void> {
    await this.send('POST', `/api/v1/app/${enc(app)}/endpoint/${enc(endpoint)}/secret/rotate`, {});
  }

  sendMessage(app: string, body: { eventType: string; payload: Record<string, unknown>; channels?: string[] }): Promise<Message> {
    return this.send('POST', `/api/v1/app/${enc(app)}/msg`, body);
  }

  /** Every app's dead letters, newest first (operator token only; Hookstream extension). */
  deadLetters(iterator?: string, limit = 50): Promise<ListResponse<DeadLetter>> {
    return this.get(`/api/v1/dead-letter?${pageQuery(iterator, limit)}`);
  }

  /** One app's dead letters, newest first (Hookstream extension). */
  appDeadLetters(app: string, iterator?: string, limit = 50): Promise<ListResponse<DeadLetter>> {
    return this.get(`/api/v1/app/${enc(app)}/dead-letter?${pageQuery(iterator, limit)}`);
  }

  /** The live status stream; a fetch (not EventSource) because it carries the bearer token. */
  liveStream(app: string, signal: AbortSignal): Promise<Response> {
    return this.request(`/api/v1/app/${enc(app)}/events/stream`, { headers: { ...this.auth(), accept: 'text/event-stream' }, signal });
  }

  private get<T>(path: string): Promise<T> {
    return this.json<T>(path, { headers: this.auth() });
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { ...this.auth() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.json<T>(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private async json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const response = await this.fetchFn(`${this.baseUrl}${path}`, init);
    if (response.ok) return response;
    throw new ApiError(response.status, await errorText(response));
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }
}

function pageQuery(iterator: string | undefined, limit: number): URLSearchParams {
  const query = new URLSearchParams({ limit: String(limit) });
  if (iterator) query.set('iterator', iterator);
  return query;
}

function enc(part: string): string {
  return encodeURIComponent(part);
}

async function errorText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { detail?: unknown; message?: unknown };
    const detail = body.detail ?? body.message;
    if (detail !== undefined) return `${response.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
  } catch {
    // not JSON: fall through to the raw text
  }
  return `${response.status}: ${text || response.statusText}`;
}
