import { Module } from '@nestjs/common';
import { WebModule } from './web/web.module';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({ imports: [WebModule] })
export class ApiModule {}
