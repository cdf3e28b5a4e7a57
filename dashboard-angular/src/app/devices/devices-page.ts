import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'em-devices-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<h1>DevicesPage</h1>' })
export class DevicesPage {}
