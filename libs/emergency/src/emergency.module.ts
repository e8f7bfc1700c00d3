import { Module } from '@nestjs/common';
import { AuditModule } from '@siaran/audit';
import { LiveInputsModule } from '@siaran/ingest';
import { MediaModule } from '@siaran/media';
import { SchedulingModule } from '@siaran/scheduling';
import { BulletinMaker } from './bulletins/bulletin-maker';
import { SpeechSynthesizer } from './bulletins/speech-synthesizer';
import { CapIntake } from './cap/cap-intake';
import { EmergencyOperations } from './emergency-operations';
import { EmergencyOverrides } from './emergency-overrides';
import { EmergencyStore } from './emergency-store';

/** Emergency overrides as every process reads and issues them. */
@Module({
  imports: [AuditModule, SchedulingModule, MediaModule, LiveInputsModule],
  providers: [EmergencyStore, EmergencyOverrides, EmergencyOperations, CapIntake],
  exports: [EmergencyOverrides, EmergencyOperations, CapIntake],
})
export class EmergencyOverridesModule {}

/** The worker side: makes the generated bulletins. */
@Module({
  imports: [EmergencyOverridesModule, MediaModule, SchedulingModule],
  providers: [EmergencyStore, SpeechSynthesizer, BulletinMaker],
})
export class EmergencyWorkerModule {}
