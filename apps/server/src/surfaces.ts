import type { DynamicModule } from '@nestjs/common';

// The reader pages and the newsroom app are built alongside; each is mounted when present.
export function surfaceModules(): NonNullable<DynamicModule['imports']> {
  return [];
}
