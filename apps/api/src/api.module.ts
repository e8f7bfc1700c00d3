import { Module } from '@nestjs/common';
import { MediaApiModule } from './media/media-api.module';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({ imports: [MediaApiModule] })
export class ApiModule {}
