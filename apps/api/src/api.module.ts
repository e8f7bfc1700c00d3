import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { AuthController } from './auth/auth.controller';
import { MediaApiModule } from './media/media-api.module';
import { PlayoutApiModule } from './playout/playout-api.module';
import { UsersController } from './users/users.controller';
import { WebModule } from './web/web.module';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({
  imports: [AuthModule, MediaApiModule, PlayoutApiModule, WebModule],
  controllers: [AuthController, UsersController],
})
export class ApiModule {}
