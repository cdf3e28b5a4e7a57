import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'em-energy-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<h1>EnergyPage</h1>' })
export class EnergyPage {}
