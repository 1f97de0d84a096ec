import { assertPublicTarget, OutboundRefused } from './delivery/interim-outbound';
import { WebhooksException, WebhooksExceptionCode } from './webhooks.exception';

/** An http(s) URL whose host is not private, loopback or link-local (unless allowed); else a 400. */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<string> {
  try {
    await assertPublicTarget(url, { allowPrivate });
  } catch (e) {
    if (!(e instanceof OutboundRefused)) throw e;
    switch (e.reason) {
      case 'bad_url':
        throw new WebhooksException(WebhooksExceptionCode.BadUrl, `url: ${e.message}`);
      case 'private_target':
        throw new WebhooksException(WebhooksExceptionCode.PrivateTarget, `url: ${e.message} (set WEBHOOK_ALLOW_PRIVATE=true to allow)`);
      case 'dns_failed':
        throw new WebhooksException(WebhooksExceptionCode.UnresolvableTarget, `url: ${e.message}`);
    }
  }
  return new URL(url).toString();
}
