import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { AuthUser, ROLES } from '@siaran/auth';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@siaran/core';

export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
export const PASSWORD_MAX = PASSWORD_MAX_LENGTH;

/** E-mails are compared trimmed and in lower case. */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export class LoginRequestDto {
  @ApiProperty({ example: 'admin@pekalongankota.go.id' })
  @NormaliseEmail()
  @IsEmail()
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  password: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  newPassword: string;
}

export class AuthUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES })
  role: AuthUser['role'];

  @ApiProperty({ type: [String], description: 'Stations a producer may manage.' })
  stationIds: string[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token>.' })
  token: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: AuthUserDto })
  user: AuthUserDto;
}

export function mapAuthUser(user: AuthUser): AuthUserDto {
  return { id: user.id, email: user.email, role: user.role, stationIds: user.stationIds };
}
