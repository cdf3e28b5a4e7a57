export class InvalidRuleError extends Error {
  readonly code = 'invalid';
  constructor(problems: string) {
    super(`invalid rule: ${problems}`);
    this.name = 'InvalidRuleError';
  }
}

export class RuleNotFoundError extends Error {
  readonly code = 'not_found';
  constructor(id: number) {
    super(`rule ${id} does not exist`);
    this.name = 'RuleNotFoundError';
  }
}
