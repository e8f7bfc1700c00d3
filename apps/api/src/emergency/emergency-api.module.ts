import { Module } from '@nestjs/common';
import { EmergencyOverridesModule } from '@siaran/emergency';
import { CapController } from './cap.controller';
import { EmergencyOverridesController } from './emergency-overrides.controller';

/** Emergency overrides over HTTP. */
@Module({
  imports: [EmergencyOverridesModule],
  controllers: [CapController, EmergencyOverridesController],
})
export class EmergencyApiModule {}
