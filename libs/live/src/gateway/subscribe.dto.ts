import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { ErrorCode } from '@liveline/contracts';
import { LiveException } from '../live.exception';

export class SubscribeDto {
  @IsString() @MinLength(1) @MaxLength(120)
  story: string;

  @ValidateIf((_, v) => v !== undefined)
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  since?: number;
}

export class UnsubscribeDto {
  @IsString() @MinLength(1) @MaxLength(120)
  story: string;
}

// Socket payloads go through the same class-validator rules as HTTP bodies.
export function parsePayload<T extends object>(cls: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new LiveException(ErrorCode.Validation, 'invalid_payload', 'Payload must be an object like {"story": "slug", "since": 12}');
  }
  const dto = plainToInstance(cls, payload);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new LiveException(ErrorCode.Validation, 'invalid_payload', errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  }
  return dto;
}
