import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

/** At most this many messages in one 400: enough to fix a request, never a megabyte of them. */
export const MAX_ERROR_MESSAGES = 10;

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) || m.includes('should not exist') ? m.replace(e.property, path) : `${path}: ${m}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** The first messages, and how many more there were. */
export function boundedMessages(messages: string[], max = MAX_ERROR_MESSAGES): string[] {
  return messages.length <= max ? messages : [...messages.slice(0, max), `… and ${messages.length - max} more`];
}

const known = new WeakMap<object, Set<string>>();

/** The properties a DTO class declares (the ones whitelisting keeps). */
function knownProperties(metatype: new () => unknown): Set<string> {
  let names = known.get(metatype);
  if (!names) {
    names = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', true, false)
        .map((m) => m.propertyName),
    );
    known.set(metatype, names);
  }
  return names;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// Whitelist + forbid: an unknown field is a 400 that names it, never silently dropped. The
// first unknown top-level field of a body is enough to refuse it, before class-transformer and
// class-validator walk every key (80,000 unknown keys cost seconds there).
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as (new () => unknown) | undefined;
    if (metadata.type === 'body' && metatype && isPlainObject(value) && this.toValidate(metadata)) {
      const names = knownProperties(metatype);
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key) && !names.has(key)) {
          throw new BadRequestException([`property ${key.slice(0, 100)} should not exist`]);
        }
      }
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(boundedMessages(flatten(errors))),
  });
}
