import { Module } from '@nestjs/common';
import { EnergyController } from './energy.controller';
import { EnergyRepository } from './energy.repository';
import { EnergyService } from './energy.service';
import { SiteController } from './site.controller';
import { TariffRepository } from './tariff.repository';

@Module({ controllers: [EnergyController, SiteController], providers: [EnergyService, EnergyRepository, TariffRepository] })
export class EnergyModule {}
