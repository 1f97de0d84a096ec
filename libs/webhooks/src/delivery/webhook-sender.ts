import { Injectable } from '@nestjs/common';
import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { OutboundHttp } from '@liveline/outbound';
import { signatureHeader } from './signature';

export interface SendTarget {
  url: string;
  /** Current secret first; the previous one too while its grace period lasts. */
  secrets: string[];
}

export interface SendResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

// Receivers answer with a status; the body only matters for the error shown to the newsroom.
const MAX_RESPONSE_BYTES = 4096;
const MAX_ERROR_CHARS = 300;

// One signed POST through the one guarded client (libs/outbound): with WEBHOOK_ALLOW_PRIVATE
// unset it checks every address it connects to, so a name re-pointed at 127.0.0.1 after
// creation is refused at delivery. Never throws.
@Injectable()
export class WebhookSender {
  constructor(
    private readonly env: Env,
    private readonly http: OutboundHttp,
  ) {}

  async send(target: SendTarget, eventId: string, body: string): Promise<SendResult> {
    const t = Math.floor(Date.now() / 1000);
    try {
      const res = await this.http.request({
        url: target.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Liveline-Webhooks/1',
          [WEBHOOK_EVENT_ID_HEADER]: eventId,
          [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(body, target.secrets, t),
        },
        body,
        connectTimeoutMs: Math.min(5000, this.env.WEBHOOK_TIMEOUT_MS),
        timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        maxRedirects: 0,
        allowPrivate: this.env.WEBHOOK_ALLOW_PRIVATE,
      });
      if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
      const text = res.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_CHARS);
      return { ok: false, httpStatus: res.status, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ok: false, error: `${err.code ? `${err.code}: ` : ''}${err.message}`.slice(0, MAX_ERROR_CHARS) };
    }
  }
}

export function secretsOf(w: {
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | string | null;
}): string[] {
  const grace =
    w.previous_secret && w.previous_secret_until && new Date(w.previous_secret_until).getTime() > Date.now();
  return grace ? [w.secret, w.previous_secret!] : [w.secret];
}
