/**
 * What other packages may use of the alert service in their tests and tools (`@energy/alert-service/testing`):
 * the harness, the CallMeBot stand-in (the chaos soak's), the alert text (system-tests/chaos), and the rule
 * store the twin still writes its rules through (the soak sets its rule through the gateway's HTTP API;
 * moving the twin there too is left open in issue 14).
 */
export * from './alert-harness';
export { RulesRepository } from '../src/rules/rules.repository';
export { DEFAULT_RULE, validateRule } from '../src/rules/rules.service';
export { messageText, type MessageFacts } from '../src/alerts/alert-text';
