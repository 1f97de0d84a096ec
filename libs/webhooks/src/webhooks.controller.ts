import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type Actor } from '@liveline/accounts';
import { CreateWebhook } from './usecases/create-webhook.usecase';
import { DeleteWebhook, PauseWebhook, RotateWebhookSecret, SendTestEvent } from './usecases/manage-webhook.usecase';
import { CreateWebhookDto, DeliveriesQuery, RotateSecretDto } from './webhook.dto';
import { WebhookStore } from './webhook-store';

@ApiTags('webhooks')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly store: WebhookStore,
    private readonly createWebhook: CreateWebhook,
    private readonly deleteWebhook: DeleteWebhook,
    private readonly rotateSecret: RotateWebhookSecret,
    private readonly pauseWebhook: PauseWebhook,
    private readonly sendTest: SendTestEvent,
  ) {}

  @Post()
  create(@Body() dto: CreateWebhookDto, @CurrentActor() actor: Actor) {
    return this.createWebhook.execute(dto, actor);
  }

  @Get()
  async list() {
    return { items: await this.store.list() };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.store.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.deleteWebhook.execute(id);
  }

  @Get(':id/deliveries')
  async deliveries(@Param('id') id: string, @Query() q: DeliveriesQuery) {
    return { items: await this.store.deliveries(id, q.limit ?? 50) };
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id') id: string) {
    return this.sendTest.execute(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotate(@Param('id') id: string, @Body() dto: RotateSecretDto) {
    return this.rotateSecret.execute(id, dto);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.pauseWebhook.pause(id, actor);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string) {
    return this.pauseWebhook.resume(id);
  }
}
