import { Module } from '@nestjs/common';
import { EnergyController } from './energy.controller';
import { EnergyRepository } from './energy.repository';
import { EnergyService } from './energy.service';
import { TariffRepository } from './tariff.repository';

@Module({ controllers: [EnergyController], providers: [EnergyService, EnergyRepository, TariffRepository] })
export class EnergyModule {}
