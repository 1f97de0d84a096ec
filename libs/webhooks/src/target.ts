import { assertPublicTarget, OutboundErrorCode, OutboundException } from '@liveline/outbound';
import { WebhooksException, WebhooksExceptionCode } from './webhooks.exception';

/** An http(s) URL whose host is not private, loopback or link-local (unless allowed); else a 400. */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<string> {
  try {
    await assertPublicTarget(url, { allowPrivate });
  } catch (e) {
    if (!(e instanceof OutboundException)) throw e;
    switch (e.code) {
      case OutboundErrorCode.BlockedAddress:
        throw new WebhooksException(
          WebhooksExceptionCode.PrivateTarget,
          `url: ${e.message}. Loopback, private and link-local targets need WEBHOOK_ALLOW_PRIVATE=true`,
        );
      case OutboundErrorCode.ConnectFailed:
      case OutboundErrorCode.Timeout:
        throw new WebhooksException(WebhooksExceptionCode.UnresolvableTarget, `url: ${e.message}`);
      case OutboundErrorCode.BadUrl:
      case OutboundErrorCode.NotHttps:
      case OutboundErrorCode.HostNotAllowed:
      case OutboundErrorCode.TooManyRedirects:
        throw new WebhooksException(WebhooksExceptionCode.BadUrl, `url: ${e.message}`);
    }
  }
  return new URL(url).toString();
}
