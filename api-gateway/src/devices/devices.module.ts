import { Module } from '@nestjs/common';
import { DeviceRelayController } from './device-relay.controller';
import { DeviceRelayService } from './device-relay.service';
import { DeviceStateStore } from './device-state.store';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';
import { RelayCommandsRepository } from './relay-commands.repository';

@Module({
  controllers: [DevicesController, DeviceRelayController],
  providers: [DevicesService, DevicesRepository, DeviceStateStore, DeviceRelayService, RelayCommandsRepository],
  exports: [DeviceStateStore],
})
export class DevicesModule {}
