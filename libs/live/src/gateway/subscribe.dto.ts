import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { LiveException, LiveExceptionCode } from '../live.exception';

export class SubscribeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  story: string;

  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  since?: number;
}

export class UnsubscribeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  story: string;
}

// Socket payloads go through the same class-validator rules as HTTP bodies.
export function parsePayload<T extends object>(cls: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new LiveException(
      LiveExceptionCode.InvalidPayload,
      'Payload must be an object like {"story": "slug", "since": 12}',
    );
  }
  // The DTOs hold only strings and numbers; a nested value is wrong anyway, and a deep one
  // would overflow class-transformer's recursion.
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'object' && value !== null)
      throw new LiveException(LiveExceptionCode.InvalidPayload, `${key} must be a string or a number`);
  }
  const dto = plainToInstance(cls, payload);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new LiveException(
      LiveExceptionCode.InvalidPayload,
      errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '),
    );
  }
  return dto;
}

const PLAIN_REF = /^[\x21-\x7e]{1,120}$/;

/**
 * SubscribeDto's rules checked by hand for the usual well-formed request (a printable ASCII ref,
 * an optional whole since, nothing else): class-validator costs more than the rest of a
 * subscribe. Anything else goes through the DTO, the one source of error messages.
 */
export function parseSubscribe(payload: unknown): SubscribeDto {
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    const keys = Object.keys(p);
    const known = keys.every((k) => k === 'story' || k === 'since');
    if (
      known &&
      typeof p.story === 'string' &&
      PLAIN_REF.test(p.story) &&
      (p.since === undefined || (Number.isSafeInteger(p.since) && (p.since as number) >= 0))
    ) {
      const dto = new SubscribeDto();
      dto.story = p.story;
      if (p.since !== undefined) dto.since = p.since as number;
      return dto;
    }
  }
  return parsePayload(SubscribeDto, payload);
}
