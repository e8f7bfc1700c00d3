import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, UsersService } from '@siaran/auth';
import { apiPath, UuidParam } from '@siaran/http';
import { CreateUserRequestDto, mapUser, UpdateUserRequestDto, UserListResponseDto, UserResponseDto } from './users.dto';

@ApiTags('accounts')
@Authenticated('admin')
@Controller(apiPath('users'))
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Creates a user (admin, producer or engineer), with the stations a producer manages.' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateUserRequestDto): Promise<UserResponseDto> {
    return mapUser(await this.users.create(user, body));
  }

  @Get()
  @ApiOperation({ summary: 'Every user.' })
  @ApiOkResponse({ type: UserListResponseDto })
  async list(): Promise<UserListResponseDto> {
    return { users: (await this.users.list()).map(mapUser) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user.' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  async get(@UuidParam() id: string): Promise<UserResponseDto> {
    return mapUser(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Changes a user: e-mail, name, role, password (which logs them out everywhere) or stations (replaced as a whole).',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND, STATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN; LAST_ADMIN when demoting the only admin.' })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateUserRequestDto,
  ): Promise<UserResponseDto> {
    return mapUser(await this.users.update(user, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a user and their tokens.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'LAST_ADMIN' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.users.remove(user, id);
  }
}
