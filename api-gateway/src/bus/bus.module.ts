import { Global, Module } from '@nestjs/common';
import { AlertServiceClient } from './alert-service.client';
import { BusService } from './bus.service';

@Global()
@Module({ providers: [BusService, AlertServiceClient], exports: [BusService, AlertServiceClient] })
export class BusModule {}
