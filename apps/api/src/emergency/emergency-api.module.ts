import { Module } from '@nestjs/common';
import { EmergencyOverridesModule } from '@siaran/emergency';
import { EmergencyOverridesController } from './emergency-overrides.controller';

/** Emergency overrides over HTTP. */
@Module({
  imports: [EmergencyOverridesModule],
  controllers: [EmergencyOverridesController],
})
export class EmergencyApiModule {}
