import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES, UserView } from '@siaran/auth';
import { NormaliseEmail, PASSWORD_MAX, PASSWORD_MIN } from '../auth/auth.dto';

export class CreateUserRequestDto {
  @ApiProperty({ example: 'produser@pekalongankota.go.id' })
  @NormaliseEmail()
  @IsEmail()
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: 'Siti Rahmawati', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(200)
  displayName?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Stations whose programmes and schedules a producer manages.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  stationIds?: string[];
}

/** Fields left out stay as they are; `null` is refused except for displayName. */
export class UpdateUserRequestDto extends PartialType(CreateUserRequestDto, { skipNullProperties: false }) {}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ nullable: true, type: String })
  displayName: string | null;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: [String] })
  stationIds: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class UserListResponseDto {
  @ApiProperty({ type: [UserResponseDto] })
  users: UserResponseDto[];
}

export function mapUser(user: UserView): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    stationIds: user.stationIds,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
