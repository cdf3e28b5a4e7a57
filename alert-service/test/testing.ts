/**
 * What other packages may use of the alert service in their tests and tools (`@energy/alert-service/testing`):
 * the harness, the CallMeBot stand-in (the chaos soak's), the rule defaults and validation, and the alert
 * text (system-tests/chaos). Rules are stored through `@energy/db`'s AlertRulesStore, or set through the
 * gateway's HTTP API as the soak and the twin do.
 */
export * from './alert-harness';
export { DEFAULT_RULE, validateRule } from '../src/rules/rules.service';
export { messageText, type MessageFacts } from '../src/alerts/alert-text';
