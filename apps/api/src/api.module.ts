import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { AuthController } from './auth/auth.controller';
import { UsersController } from './users/users.controller';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, UsersController],
})
export class ApiModule {}
