import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core/domain';

export enum TimelineExceptionCode {
  StoryNotFound = 'story_not_found',
  EntryNotFound = 'entry_not_found',
  SlugTaken = 'slug_taken',
  StaleVersion = 'stale_version',
  BadIfMatch = 'bad_if_match',
  BadCursor = 'bad_cursor',
  BadIdempotencyKey = 'bad_idempotency_key',
  StatusNotAllowed = 'status_not_allowed',
  NotYourEntry = 'not_your_entry',
  InvalidSchedule = 'invalid_schedule',
  InvalidLanguage = 'invalid_language',
  InvalidSlug = 'invalid_slug',
  EmptyBody = 'empty_body',
  InvalidCoverImage = 'invalid_cover_image',
  IdempotencyKeyReused = 'idempotency_key_reused',
  IdempotentEntryDeleted = 'idempotent_entry_deleted',
  UnsupportedEmbed = 'unsupported_embed',
}

const KIND: Record<TimelineExceptionCode, ErrorCode> = {
  [TimelineExceptionCode.StoryNotFound]: ErrorCode.NotFound,
  [TimelineExceptionCode.EntryNotFound]: ErrorCode.NotFound,
  [TimelineExceptionCode.SlugTaken]: ErrorCode.Conflict,
  [TimelineExceptionCode.StaleVersion]: ErrorCode.StaleVersion,
  [TimelineExceptionCode.BadIfMatch]: ErrorCode.Validation,
  [TimelineExceptionCode.BadCursor]: ErrorCode.Validation,
  [TimelineExceptionCode.BadIdempotencyKey]: ErrorCode.Validation,
  [TimelineExceptionCode.StatusNotAllowed]: ErrorCode.Forbidden,
  [TimelineExceptionCode.NotYourEntry]: ErrorCode.Forbidden,
  [TimelineExceptionCode.InvalidSchedule]: ErrorCode.Validation,
  [TimelineExceptionCode.InvalidLanguage]: ErrorCode.Validation,
  [TimelineExceptionCode.InvalidSlug]: ErrorCode.Validation,
  [TimelineExceptionCode.EmptyBody]: ErrorCode.Validation,
  [TimelineExceptionCode.InvalidCoverImage]: ErrorCode.Validation,
  [TimelineExceptionCode.IdempotencyKeyReused]: ErrorCode.Unprocessable,
  [TimelineExceptionCode.IdempotentEntryDeleted]: ErrorCode.Gone,
  [TimelineExceptionCode.UnsupportedEmbed]: ErrorCode.Validation,
};

export class TimelineException extends DomainException<TimelineExceptionCode> {
  constructor(code: TimelineExceptionCode, message: string, details?: Record<string, unknown>) {
    super(message, code, KIND[code], details);
  }

  static storyNotFound(ref: string) {
    return new TimelineException(TimelineExceptionCode.StoryNotFound, `No story ${JSON.stringify(ref.slice(0, 120))}`);
  }

  static entryNotFound(id: string) {
    return new TimelineException(
      TimelineExceptionCode.EntryNotFound,
      `No entry ${JSON.stringify(id.slice(0, 120))} in this story`,
    );
  }
}
