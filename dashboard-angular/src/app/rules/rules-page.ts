import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'em-rules-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<h1>RulesPage</h1>' })
export class RulesPage {}
