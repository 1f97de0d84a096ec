import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core';

export enum MediaExceptionCode {
  MissingFile = 'missing_file',
  UnsupportedType = 'unsupported_type',
  TooManyPixels = 'too_many_pixels',
  Undecodable = 'undecodable',
  TakenDown = 'taken_down',
  MediaNotFound = 'media_not_found',
  NotYourMedia = 'not_your_media',
  Gone = 'gone',
}

const KIND: Record<MediaExceptionCode, ErrorCode> = {
  [MediaExceptionCode.MissingFile]: ErrorCode.Validation,
  [MediaExceptionCode.UnsupportedType]: ErrorCode.UnsupportedMediaType,
  [MediaExceptionCode.TooManyPixels]: ErrorCode.Unprocessable,
  [MediaExceptionCode.Undecodable]: ErrorCode.Unprocessable,
  [MediaExceptionCode.TakenDown]: ErrorCode.Unprocessable,
  [MediaExceptionCode.MediaNotFound]: ErrorCode.NotFound,
  [MediaExceptionCode.NotYourMedia]: ErrorCode.Forbidden,
  [MediaExceptionCode.Gone]: ErrorCode.Gone,
};

export class MediaException extends DomainException<MediaExceptionCode> {
  constructor(code: MediaExceptionCode, message: string) {
    super(message, code, KIND[code]);
  }

  static notFound(id: string) {
    return new MediaException(MediaExceptionCode.MediaNotFound, `No media ${JSON.stringify(id.slice(0, 120))}`);
  }
}
