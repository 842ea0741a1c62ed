// Which new passwords are refused (pure; the routes turn a refusal into a 400 on /password). Length alone let
// "aaaaaaaaaa", ten spaces and "password12" through: a password must also vary, and not be a well-known one.

export interface WeakPassword {
  issue: 'blank' | 'too_few_distinct' | 'sequence' | 'common' | 'contains_identity';
  message: { es: string; en: string };
}

export const MIN_DISTINCT_CHARS = 5;

/** Stems of the passwords tried first by guessers (English and Spanish); matched after stripping digits and symbols. */
const COMMON_STEMS = new Set([
  'password', 'passw', 'passwd', 'pass', 'contraseña', 'contrasena', 'clave', 'secreto', 'secret', 'qwerty', 'qwertyuiop', 'asdfgh',
  'asdfghjkl', 'zxcvbnm', 'azerty', 'letmein', 'welcome', 'bienvenido', 'bienvenida', 'admin', 'administrator', 'administrador',
  'root', 'login', 'iloveyou', 'teamo', 'monkey', 'dragon', 'master', 'football', 'futbol', 'baseball', 'sunshine', 'princess',
  'superman', 'batman', 'trustno', 'changeme', 'cambiame', 'default', 'usuario', 'user', 'test', 'prueba', 'abc', 'abcd', 'abcde',
  'colombia', 'mexico', 'chile', 'peru', 'argentina', 'america', 'hola', 'holamundo', 'helloworld', 'hello', 'shadow', 'michael',
]);

/** Sequences (or repeats of one) are as guessable as a word. */
const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isSequence(s: string): boolean {
  const lower = s.toLowerCase();
  return SEQUENCES.some((seq) => {
    const both = seq + seq;
    const back = [...both].reverse().join('');
    return both.includes(lower) || back.includes(lower) || (lower.length > seq.length && (seq + seq + seq).includes(lower));
  });
}

const weak = (issue: WeakPassword['issue'], es: string, en: string): WeakPassword => ({ issue, message: { es, en } });

/** Why `password` is too weak, or null. `identity`: the account's e-mail and name, which a password must not contain. */
export function weakPassword(password: string, identity: { email?: string | undefined; name?: string | undefined } = {}): WeakPassword | null {
  const chars = [...password.normalize('NFC')];
  if (password.trim() === '') return weak('blank', 'La contraseña no puede ser solo espacios.', 'The password cannot be only spaces.');
  if (new Set(chars.map((c) => c.toLowerCase())).size < MIN_DISTINCT_CHARS) {
    return weak(
      'too_few_distinct',
      `La contraseña debe tener al menos ${MIN_DISTINCT_CHARS} caracteres distintos.`,
      `The password must have at least ${MIN_DISTINCT_CHARS} different characters.`,
    );
  }
  if (isSequence(password)) return weak('sequence', 'La contraseña no puede ser una secuencia de teclado (1234…, abcd…, qwerty…).', 'The password cannot be a keyboard sequence (1234…, abcd…, qwerty…).');
  const stem = password.toLowerCase().normalize('NFC').replace(/[^\p{L}]+/gu, '');
  if (COMMON_STEMS.has(stem) || (stem.length > 2 && isSequence(stem))) {
    return weak('common', 'Esa contraseña es de las más usadas; elija otra.', 'That password is among the most common ones; choose another.');
  }
  const lower = password.toLowerCase();
  const parts = [identity.email?.split('@')[0], ...(identity.name?.split(/\s+/) ?? [])].filter((p): p is string => !!p && p.length >= 4);
  if (parts.some((p) => lower.includes(p.toLowerCase()))) {
    return weak('contains_identity', 'La contraseña no puede contener su correo ni su nombre.', 'The password cannot contain your e-mail or name.');
  }
  return null;
}
