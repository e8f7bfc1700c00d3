import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@siaran/core';
import { AuthErrorCode } from './auth-errors';
import { AuthService, unauthorized } from './auth.service';
import { AuthUser, Role } from './role';

const REQUIRED_ROLES = Symbol('siaran:required-roles');

type AuthenticatedRequest = FastifyRequest & { authUser?: AuthUser; bearerToken?: string };

/**
 * Marks an endpoint as needing a login: 401 UNAUTHORIZED without a valid token, 403
 * FORBIDDEN when `roles` are given and the user has none of them. Endpoints without it
 * are public.
 */
export function Authenticated(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'UNAUTHORIZED: no bearer token, or one that is unknown, expired or revoked.',
    }),
    ApiForbiddenResponse({
      description: `FORBIDDEN: ${roles.length ? `needs the role ${roles.join(' or ')}` : 'the user may not do this'}.`,
    }),
  );
}

/** The logged-in user of an `@Authenticated` endpoint. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().authUser;
  if (!user) throw new Error('@CurrentUser() used on an endpoint without @Authenticated()');
  return user;
});

/** The bearer token of the request, for logout and password changes. */
export const CurrentToken = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const token = context.switchToHttp().getRequest<AuthenticatedRequest>().bearerToken;
  if (!token) throw new Error('@CurrentToken() used on an endpoint without @Authenticated()');
  return token;
});

export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Global guard: enforces `@Authenticated()` and attaches the user to the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      const token = bearerTokenOf(request.headers.authorization);
      if (!token)
        throw unauthorized(
          'This needs a login: send Authorization: Bearer <token> (POST /api/v1/auth/login gives one)',
        );
      request.authUser = await this.auth.authenticate(token);
      request.bearerToken = token;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthorized')
        void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw error;
    }
    if (roles.length > 0 && !roles.includes(request.authUser.role)) {
      throw new DomainError(
        'forbidden',
        AuthErrorCode.Forbidden,
        `This needs the role ${roles.join(' or ')}; you are ${request.authUser.role}`,
      );
    }
    return true;
  }
}
