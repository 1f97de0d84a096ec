import { Module } from '@nestjs/common';
import { NewsroomAppController } from './newsroom-app.controller';

/** Serves the /newsroom web app: the HTML shell for every client route, and its two bundles. */
@Module({ controllers: [NewsroomAppController] })
export class NewsroomAppModule {}
