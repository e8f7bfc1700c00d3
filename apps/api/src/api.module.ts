import { Module } from '@nestjs/common';
import { MediaApiModule } from './media/media-api.module';
import { WebModule } from './web/web.module';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({ imports: [MediaApiModule, WebModule] })
export class ApiModule {}
