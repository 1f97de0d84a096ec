import type { Webhook, WebhookDelivery, WebhookTestResult, WebhookWithSecret } from '@liveline/contracts';
import { request } from './api';

// The admin webhook calls (CONTRACT v1.1), beside api.ts so the screen stays in its own files.
const enc = encodeURIComponent;

export const webhooksApi = {
  list: () => request<{ items: Webhook[] }>('GET', '/api/webhooks'),
  create: (input: { url: string; stories?: string[] }) =>
    request<WebhookWithSecret>('POST', '/api/webhooks', { body: input }),
  remove: (id: string) => request<void>('DELETE', `/api/webhooks/${enc(id)}`),
  deliveries: (id: string) =>
    request<{ items: WebhookDelivery[] }>('GET', `/api/webhooks/${enc(id)}/deliveries?limit=20`),
  test: (id: string) => request<WebhookTestResult>('POST', `/api/webhooks/${enc(id)}/test`),
  rotate: (id: string) => request<WebhookWithSecret>('POST', `/api/webhooks/${enc(id)}/rotate-secret`, { body: {} }),
  pause: (id: string) => request<Webhook>('POST', `/api/webhooks/${enc(id)}/pause`),
  resume: (id: string) => request<Webhook>('POST', `/api/webhooks/${enc(id)}/resume`),
};
