// Webhooks (CONTRACT v1.1): what the admin API returns and the newsroom screen shows.

export type WebhookState = 'active' | 'paused';

export interface Webhook {
  id: string;
  url: string;
  /** Story ids it covers; null: every story. */
  stories: string[] | null;
  state: WebhookState;
  /** Why it is paused: an admin's pause or the failure that lasted too long. */
  pausedReason?: string;
  pausedAt?: string;
  /** While set and in the future, deliveries are signed with the old secret too (two `v1=`). */
  previousSecretUntil?: string;
  /** (webhook, story) pairs whose next event is being retried, and the latest error. */
  failing: number;
  lastError?: string;
  createdAt: string;
}

/** The one response that carries the secret: creation and rotation. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export type DeliveryStatus = 'delivered' | 'failing';

export interface WebhookDelivery {
  storyId: string;
  seq: number;
  status: DeliveryStatus;
  httpStatus?: number;
  attempts: number;
  lastError?: string;
  deliveredAt?: string;
  updatedAt: string;
}

export interface WebhookTestResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  eventId: string;
}

export const WEBHOOK_EVENT_ID_HEADER = 'Liveline-Event-Id';
export const WEBHOOK_SIGNATURE_HEADER = 'Liveline-Signature';
