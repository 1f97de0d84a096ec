import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core';

export enum WebhooksExceptionCode {
  WebhookNotFound = 'webhook_not_found',
  BadUrl = 'bad_webhook_url',
  PrivateTarget = 'private_webhook_target',
  UnresolvableTarget = 'unresolvable_webhook_target',
  StoryNotFound = 'story_not_found',
}

const KIND: Record<WebhooksExceptionCode, ErrorCode> = {
  [WebhooksExceptionCode.WebhookNotFound]: ErrorCode.NotFound,
  [WebhooksExceptionCode.BadUrl]: ErrorCode.Validation,
  [WebhooksExceptionCode.PrivateTarget]: ErrorCode.Validation,
  [WebhooksExceptionCode.UnresolvableTarget]: ErrorCode.Validation,
  [WebhooksExceptionCode.StoryNotFound]: ErrorCode.Validation,
};

export class WebhooksException extends DomainException<WebhooksExceptionCode> {
  constructor(code: WebhooksExceptionCode, message: string) {
    super(message, code, KIND[code]);
  }

  static notFound(id: string) {
    return new WebhooksException(
      WebhooksExceptionCode.WebhookNotFound,
      `No webhook ${JSON.stringify(id.slice(0, 80))}`,
    );
  }
}
