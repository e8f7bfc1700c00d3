import { Module } from '@nestjs/common';
import { LiveInputsModule } from '@siaran/ingest';
import { LiveInputsController } from './live-inputs.controller';

/** Live inputs over HTTP. */
@Module({
  imports: [LiveInputsModule],
  controllers: [LiveInputsController],
})
export class IngestApiModule {}
