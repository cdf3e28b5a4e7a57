import { Module } from '@nestjs/common';
import { DeviceStateStore } from './device-state.store';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

@Module({ controllers: [DevicesController], providers: [DevicesService, DevicesRepository, DeviceStateStore], exports: [DeviceStateStore] })
export class DevicesModule {}
