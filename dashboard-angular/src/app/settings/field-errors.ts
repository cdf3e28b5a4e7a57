/**
 * The gateway names every wrong field in its 400 message, `path: reason; path: reason`
 * (api-gateway/src/http/zod-validation.pipe.ts). Split so each reason shows beside its field:
 * `timeOfUse.1.to: must differ from from` -> { 'timeOfUse.1.to': 'must differ from from' }.
 */
export function fieldErrors(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const at = part.indexOf(': ');
    if (at <= 0) continue;
    const path = part.slice(0, at).trim();
    if (!/^[A-Za-z0-9_.]+$/.test(path)) continue;
    errors[path] = errors[path] ? `${errors[path]}; ${part.slice(at + 2)}` : part.slice(at + 2);
  }
  return errors;
}
