import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core';

export enum PagesExceptionCode {
  AssetNotBuilt = 'asset_not_built',
  BadOembedUrl = 'bad_oembed_url',
}

const KIND: Record<PagesExceptionCode, ErrorCode> = {
  [PagesExceptionCode.AssetNotBuilt]: ErrorCode.NotFound,
  [PagesExceptionCode.BadOembedUrl]: ErrorCode.NotFound,
};

export class PagesException extends DomainException<PagesExceptionCode> {
  constructor(code: PagesExceptionCode, message: string) {
    super(message, code, KIND[code]);
  }

  static assetNotBuilt(name: string) {
    return new PagesException(PagesExceptionCode.AssetNotBuilt, `${name} is not built; run npm run build`);
  }

  static badOembedUrl(url: string) {
    return new PagesException(
      PagesExceptionCode.BadOembedUrl,
      `No embeddable story at ${JSON.stringify(url.slice(0, 200))}`,
    );
  }
}
