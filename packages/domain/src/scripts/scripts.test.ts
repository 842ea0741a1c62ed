import { describe, expect, it } from 'vitest';
import { parseScriptTemplate, ScriptError, type ScriptTemplate } from './template.js';
import { renderScript, type ScriptContext } from './render.js';
import { scriptProblemText } from './problem.js';

const template: ScriptTemplate = {
  opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le habla {{agente}} de {{acreedor}}.',
  verification: 'Para verificar, ¿me confirma su fecha de nacimiento?',
  body: '{{nombre}}, su {{producto}} tiene un saldo de {{saldo}} ({{moneda}}), vencido desde el {{fecha_vencimiento}}: {{dias_mora}} días de mora. El pago mínimo es {{pago_minimo}}.',
  closing: 'Gracias, {{nombre}}.',
  branches: {
    already_paid: '¿En qué fecha pagó? Registramos el pago de {{saldo}} y lo verificamos.',
    lost_payment_slip: 'Le enviamos un nuevo recibo por {{pago_minimo}}.',
  },
};
const ctx: ScriptContext = {
  debtor: { firstName: 'María', lastName: 'Gómez' },
  account: { balance: '1234567.80', currency: 'COP', minimumPayment: '150000', dueDate: '2026-10-01', product: 'tarjeta de crédito' },
  creditorName: 'Banco Andino',
  agentName: 'Laura',
  today: '2026-11-23',
  locale: 'es-CO',
};
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('script rendering', () => {
  it('fills the debtor variables with money and dates in the locale', () => {
    const r = renderScript(template, ctx);
    expect(r.opening).toBe('Buenos días, ¿hablo con María Gómez? Le habla Laura de Banco Andino.');
    expect(nb(r.body)).toBe(
      'María, su tarjeta de crédito tiene un saldo de $ 1.234.567,80 (peso colombiano), vencido desde el 1 de octubre de 2026: 53 días de mora. El pago mínimo es $ 150.000,00.',
    );
  });
  it('renders English locales with English formats', () => {
    const r = renderScript(template, { ...ctx, locale: 'en-US', account: { ...ctx.account, currency: 'USD' } });
    expect(r.body).toContain('$1,234,567.80 (US Dollar), vencido desde el October 1, 2026');
  });
  it('says the product in words in the locale, never its code, and names the creditor', () => {
    const coded = { ...ctx, account: { ...ctx.account, product: 'tarjeta_credito' } };
    expect(renderScript(template, coded).body).toMatch(/^María, su tarjeta de crédito tiene/);
    expect(renderScript(template, { ...coded, locale: 'en-US' }).body).toMatch(/^María, su credit card tiene/);
    expect(renderScript(template, { ...coded, account: { ...coded.account, product: 'leasing_habitacional' } }).body).toMatch(/su leasing habitacional tiene/);
    expect(renderScript(template, coded).opening).toContain('de Banco Andino.');
  });
  it('returns the branches the script has, in the reason order', () => {
    const r = renderScript(template, ctx);
    expect(r.branches.map((b) => b.reason)).toEqual(['already_paid', 'lost_payment_slip']);
    expect(nb(r.branches[1]!.text)).toBe('Le enviamos un nuevo recibo por $ 150.000,00.');
  });
  it('names an unknown variable and where it is', () => {
    const bad = { ...template, branches: { never_got_bill: 'Le enviamos la factura a {{correo}}.' } };
    expect(() => renderScript(bad, ctx)).toThrow('branches.never_got_bill: unknown variable {{correo}} at character 26');
    try {
      parseScriptTemplate(bad, 'script MORA_30');
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptError);
      expect((e as ScriptError).variable).toBe('correo');
      expect((e as ScriptError).message).toMatch(/^script MORA_30.branches.never_got_bill: unknown variable \{\{correo\}\}/);
    }
    expect.assertions(4);
  });
  it('rejects unclosed placeholders, missing sections and unknown reason codes when parsing', () => {
    expect(() => parseScriptTemplate({ ...template, closing: 'Gracias {{nombre' }, 's')).toThrow('s.closing: "{{" at character 9 is never closed');
    const { body: _b, ...noBody } = template;
    expect(() => parseScriptTemplate(noBody, 's')).toThrow('s.body: required text');
    const { verification: _v, closing: _c, ...short } = template;
    expect(parseScriptTemplate(short, 's').closing).toBe('');
    expect(() => parseScriptTemplate({ ...template, branches: { excusa: 'x' } }, 's')).toThrow(/s.branches.excusa: "excusa" is not a reason code/);
  });
  it('says each error in Spanish and English, and names the section as the field', () => {
    const problemOf = (body: unknown) => {
      try {
        parseScriptTemplate(body, 'script');
      } catch (e) {
        return { field: (e as ScriptError).field, text: scriptProblemText(e as ScriptError) };
      }
      throw new Error('accepted');
    };
    expect(problemOf({ ...template, branches: { never_got_bill: 'Escribimos a {{correo}}.' } })).toEqual({
      field: 'branches.never_got_bill',
      text: {
        es: expect.stringMatching(/^la variable \{\{correo\}\} \(carácter 14\) no existe; se pueden usar: nombre, apellido/),
        en: expect.stringMatching(/^unknown variable \{\{correo\}\} at character 14; the variables are: nombre,/),
      },
    });
    expect(problemOf({ ...template, closing: 'Gracias {{nombre' })).toEqual({ field: 'closing', text: { es: 'la llave "{{" del carácter 9 no se cierra con "}}"', en: '"{{" at character 9 is never closed with "}}"' } });
    expect(problemOf({ ...template, opening: 'Hola {{debtor.firstName}}' }).text.es).toBe('"{{debtor.firstName}}" (carácter 6) no es un nombre de variable');
    const { body: _b, ...noBody } = template;
    expect(problemOf(noBody)).toEqual({ field: 'body', text: { es: 'es obligatorio', en: 'is required' } });
  });
});
