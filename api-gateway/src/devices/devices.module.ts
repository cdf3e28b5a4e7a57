import { Module } from '@nestjs/common';
import { RelayCommandsStore, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { DeviceRelayController } from './device-relay.controller';
import { DeviceRelayService } from './device-relay.service';
import { DeviceStateStore } from './device-state.store';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

@Module({
  controllers: [DevicesController, DeviceRelayController],
  providers: [
    DevicesService,
    DevicesRepository,
    DeviceStateStore,
    DeviceRelayService,
    { provide: RelayCommandsStore, useFactory: (db: Database) => new RelayCommandsStore(db), inject: [DATABASE] },
  ],
  exports: [DeviceStateStore],
})
export class DevicesModule {}
