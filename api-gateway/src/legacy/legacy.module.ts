import { Module } from '@nestjs/common';
import { DeviceAuthService } from './device-auth.service';
import { LegacyController } from './legacy.controller';
import { LegacyRepository } from './legacy.repository';
import { LegacyService } from './legacy.service';

@Module({ controllers: [LegacyController], providers: [LegacyService, LegacyRepository, DeviceAuthService], exports: [DeviceAuthService] })
export class LegacyModule {}
