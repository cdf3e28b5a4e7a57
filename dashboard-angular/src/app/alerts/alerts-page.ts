import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'em-alerts-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<h1>AlertsPage</h1>' })
export class AlertsPage {}
