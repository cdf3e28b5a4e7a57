/** Domain errors the request handlers turn into `{ ok: false, code }` replies. */
export class AlertNotFoundError extends Error {
  readonly code = 'not_found';
  constructor(id: number) {
    super(`alert ${id} does not exist`);
    this.name = 'AlertNotFoundError';
  }
}

export class AlertAlreadyClearedError extends Error {
  readonly code = 'conflict';
  constructor(id: number) {
    super(`alert ${id} is already cleared`);
    this.name = 'AlertAlreadyClearedError';
  }
}
