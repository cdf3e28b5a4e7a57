/**
 * What other packages may use of the alert service in their tests and tools (`@energy/alert-service/testing`):
 * the harness and the CallMeBot stand-in, and the rule store and text the chaos soak and the twin read.
 * The soak and the twin still write rules through the repository; moving them to the gateway's HTTP
 * API is left open in issue 14.
 */
export * from './alert-harness';
export { RulesRepository } from '../src/rules/rules.repository';
export { DEFAULT_RULE, validateRule } from '../src/rules/rules.service';
export { messageText, type MessageFacts } from '../src/alerts/alert-text';
