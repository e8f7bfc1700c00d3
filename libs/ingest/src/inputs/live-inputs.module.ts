import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@siaran/audit';
import { AuthModule } from '@siaran/auth';
import { SchedulingModule } from '@siaran/scheduling';
import { InputCredentials } from '../input-credentials';
import { InputSecrets } from './input-secrets';
import { LiveInputCredentials } from './live-input-credentials';
import { LiveInputEntity } from './live-input.entity';
import { LiveInputsForSchedule } from './live-inputs-for-schedule';
import { LiveInputsService } from './live-inputs.service';
import { RelayUrlPolicy } from './relay-url-policy';

/** Live inputs as data: the service behind the API, the credential checks of the ingest servers, and the schedule's view of them. */
@Module({
  imports: [TypeOrmModule.forFeature([LiveInputEntity]), AuthModule, AuditModule, SchedulingModule],
  providers: [
    InputSecrets,
    RelayUrlPolicy,
    LiveInputsService,
    LiveInputCredentials,
    { provide: InputCredentials, useExisting: LiveInputCredentials },
    LiveInputsForSchedule,
  ],
  exports: [LiveInputsService, InputCredentials, InputSecrets],
})
export class LiveInputsModule {}
