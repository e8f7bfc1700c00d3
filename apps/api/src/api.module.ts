import { Module } from '@nestjs/common';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({})
export class ApiModule {}
