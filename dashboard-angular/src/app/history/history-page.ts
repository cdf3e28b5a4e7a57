import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'em-history-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<h1>HistoryPage</h1>' })
export class HistoryPage {}
