import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) || m.includes('should not exist') ? m.replace(e.property, path) : `${path}: ${m}`));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

// Whitelist + forbid: an unknown field is a 400 that names it, never silently dropped.
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
  });
}
