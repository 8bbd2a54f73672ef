import type { NatsConnection } from 'nats';
import type { ApplicationOut, EndpointOut, ListResponse, MessageAttemptOut, MessageEndpointOut } from '@hookstream/contracts';
import { AdminApi } from './admin-api';
import { waitFor } from './test-environment';

/** Test-side helpers over one Hookstream base URL (the all-in-one launcher). */
export class HookstreamClient {
  readonly api: AdminApi;

  constructor(
    baseUrl: string,
    token: string,
    private readonly nats: NatsConnection,
    private readonly prefix: string,
  ) {
    this.api = new AdminApi(baseUrl, token);
  }

  async app(name: string): Promise<ApplicationOut> {
    const { status, body } = await this.api.request<ApplicationOut>('POST', '/api/v1/app', { name });
    if (status !== 201) throw new Error(`creating app answered ${status}`);
    return body;
  }

  async endpoint(appId: string, input: Record<string, unknown>): Promise<EndpointOut> {
    const { status, body } = await this.api.request<EndpointOut>('POST', `/api/v1/app/${appId}/endpoint`, input);
    if (status !== 201) throw new Error(`creating endpoint answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  async publish(appId: string, envelope: Record<string, unknown>): Promise<void> {
    await this.nats.jetstream().publish(`${this.prefix}.events.${appId}`, JSON.stringify(envelope));
  }

  async attempts(appId: string, msgId: string): Promise<MessageAttemptOut[]> {
    const { body } = await this.api.request<ListResponse<MessageAttemptOut>>('GET', `/api/v1/app/${appId}/attempt/msg/${msgId}?order=ascending`);
    return body.data;
  }

  async destinations(appId: string, msgId: string): Promise<MessageEndpointOut[]> {
    const { status, body } = await this.api.request<ListResponse<MessageEndpointOut>>('GET', `/api/v1/app/${appId}/msg/${msgId}/endpoint`);
    return status === 200 ? body.data : [];
  }

  /** Waits until the message's delivery to the endpoint reaches a final status text. */
  async finalStatus(appId: string, msgId: string, endpointId: string, timeoutMs = 15_000): Promise<string> {
    return waitFor(async () => {
      const destination = (await this.destinations(appId, msgId)).find((d) => d.id === endpointId);
      return destination && ['success', 'fail', 'canceled'].includes(destination.statusText) && destination.statusText;
    }, timeoutMs, `a final status for ${msgId}`);
  }
}
