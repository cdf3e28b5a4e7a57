import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { LiveController } from './live.controller';
import { LiveService } from './live.service';

@Module({ imports: [DevicesModule], controllers: [LiveController], providers: [LiveService] })
export class LiveModule {}
