import { Global, Module } from '@nestjs/common';
import { DrainState } from './drain-state';

@Global()
@Module({ providers: [{ provide: DrainState, useValue: new DrainState() }], exports: [DrainState] })
export class ShutdownModule {}
