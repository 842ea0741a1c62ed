/** Keeps the last 4 digits so an operator can tell numbers apart without exposing them. */
export function maskPhone(e164: string | undefined): string | undefined {
  if (e164 === undefined) return undefined;
  const digits = e164.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `+${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}
