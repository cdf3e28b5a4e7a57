/**
 * `+4915112345678` -> `+49•••••••••78`: enough to tell recipients apart in logs and API answers,
 * not enough to call them (the country code and the last two digits; issue 14 made the alert
 * service's logs and the gateway's answers use this one).
 */
export function maskPhone(recipient: string): string {
  if (!/^\+\d{7,15}$/.test(recipient)) return recipient.length > 4 ? `${recipient.slice(0, 2)}•••` : '•••';
  return `${recipient.slice(0, 3)}${'•'.repeat(recipient.length - 5)}${recipient.slice(-2)}`;
}
