import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@liveline/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'reporter@example.com' })
  @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Rana Haddad' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(120)
  name: string;

  @ApiProperty({ minLength: 8 })
  @IsString() @MinLength(8) @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(120)
  name?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @Transform(trim) @IsString() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MaxLength(256)
  password: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional() disabled?: boolean;
}

export class LoginResultDto {
  @ApiProperty() token: string;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
