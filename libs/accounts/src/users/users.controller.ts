import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, RequireRole } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { ChangePasswordDto, CreateUserDto, LoginDto, LoginResultDto, UpdateUserDto, UserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  @Get('me')
  @RequireRole('contributor')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor) {
    return { id: actor.id, email: actor.email, name: actor.name, role: actor.role };
  }

  @Post('logout')
  @HttpCode(204)
  @RequireRole('contributor')
  @ApiBearerAuth()
  async logout(@CurrentActor() actor: Actor) {
    await this.auth.logout(actor);
  }

  @Post('password')
  @HttpCode(204)
  @RequireRole('contributor')
  @ApiBearerAuth()
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    await this.auth.changePassword(actor, dto.current, dto.next, req.ip ?? 'unknown');
  }
}

@ApiTags('users')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOkResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.users.create(dto, actor);
  }

  @Get()
  async list() {
    return { items: await this.users.list() };
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor) {
    return this.users.update(id, dto, actor);
  }
}
