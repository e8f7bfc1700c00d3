import { Body, Controller, Get, Header, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, AuthService, AuthUser, CurrentToken, CurrentUser } from '@siaran/auth';
import { apiPath, BodyLimit, Throttled } from '@siaran/http';
import { AuthUserDto, ChangePasswordRequestDto, LoginRequestDto, LoginResponseDto, mapAuthUser } from './auth.dto';

/** An e-mail and passwords of at most 200 characters each fit, with room. */
const CREDENTIALS_BODY_LIMIT_BYTES = 2048;

@ApiTags('accounts')
@Controller(apiPath('auth'))
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @BodyLimit(CREDENTIALS_BODY_LIMIT_BYTES)
  @Throttled()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Logs in with e-mail and password; gives a bearer token that expires (AUTH_TOKEN_TTL_HOURS).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: wrong e-mail or password.' })
  @ApiTooManyRequestsResponse({
    description:
      'TOO_MANY_REQUESTS: more than LOGIN_ATTEMPTS_PER_MINUTE from this address; ACCOUNT_LOCKED: too many wrong passwords for the account. Both with Retry-After.',
  })
  async login(@Body() body: LoginRequestDto, @Ip() clientAddress: string): Promise<LoginResponseDto> {
    const result = await this.auth.login(body.email, body.password, clientAddress);
    return {
      token: result.token,
      tokenType: 'Bearer',
      expiresAt: result.expiresAt.toISOString(),
      user: mapAuthUser(result.user),
    };
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Revokes the token of this request.' })
  @ApiNoContentResponse()
  async logout(@CurrentToken() token: string): Promise<void> {
    await this.auth.logout(token);
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @Authenticated()
  @ApiOperation({ summary: 'The logged-in user, with role and stations.' })
  @ApiOkResponse({ type: AuthUserDto })
  me(@CurrentUser() user: AuthUser): AuthUserDto {
    return mapAuthUser(user);
  }

  @Post('password')
  @BodyLimit(CREDENTIALS_BODY_LIMIT_BYTES)
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: "Changes one's own password; every other token of the user is revoked." })
  @ApiNoContentResponse()
  async changePassword(
    @CurrentUser() user: AuthUser,
    @CurrentToken() token: string,
    @Body() body: ChangePasswordRequestDto,
  ): Promise<void> {
    await this.auth.changePassword(user, token, body.currentPassword, body.newPassword);
  }
}
