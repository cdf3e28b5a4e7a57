import { Module } from '@nestjs/common';
import { HomeAssistantRepository } from './home-assistant.repository';
import { HomeAssistantService } from './home-assistant.service';

/** Home Assistant discovery and the device state topic (HA_DISCOVERY). */
@Module({ providers: [HomeAssistantService, HomeAssistantRepository] })
export class HomeAssistantModule {}
