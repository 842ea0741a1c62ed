import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOWS } from '../../src/flows/defaults.js';
import { FlowValidationError, validateFlow, validateStrategyFlows } from '../../src/flows/validate.js';

function issuesOf(input: unknown): string[] {
  try {
    validateFlow(input);
  } catch (e) {
    if (e instanceof FlowValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const base = () => ({
  version: 1,
  kind: 'outbound',
  start: 'menu1',
  prompts: { m: { es: 'Marque 1', en: 'Press 1' } },
  nodes: {
    menu1: { verb: 'menu', prompts: [{ prompt: 'm' }], options: { '1': { next: 'bye' } }, onFail: 'bye' },
    bye: { verb: 'hangup' },
  },
});

describe('flow validation', () => {
  it('accepts the default flows', () => {
    expect(validateFlow(DEFAULT_FLOWS.outbound).warnings).toEqual([]);
    expect(validateFlow(DEFAULT_FLOWS.inbound).warnings).toEqual([]);
    expect(validateFlow(DEFAULT_FLOWS.machine).warnings).toEqual([]);
  });

  it('names the path of a menu option that points to a missing node', () => {
    const f = base();
    (f.nodes.menu1.options as Record<string, { next: string }>)['3'] = { next: 'pago' };
    expect(issuesOf(f)).toEqual(['flow.nodes.menu1.options.3.next: unknown node "pago"']);
  });

  it('reports every problem at once, each with its path', () => {
    const f = base() as Record<string, unknown> & ReturnType<typeof base>;
    (f.nodes as Record<string, unknown>).x = { verb: 'dance', next: 'bye' };
    (f.nodes as Record<string, unknown>).g = { verb: 'gather', prompts: [{ text: { en: 'only english' } }], into: 'id', maxDigits: 0, next: 'bye' };
    (f.nodes.menu1.options as Record<string, unknown>).A = { next: 'bye' };
    f.start = 'nowhere';
    expect(issuesOf(f)).toEqual([
      'flow.start: unknown node "nowhere"',
      'flow.nodes.menu1.options.A: "A" is not a phone key (0-9, *, #)',
      'flow.nodes.x.verb: unknown verb "dance" (expected one of play, say, gather, menu, identify, promise, sms, transfer, opt-out, hangup)',
      'flow.nodes.g.prompts.0.text.es: Spanish text is required',
      'flow.nodes.g.maxDigits: must be an integer from 1 to 32, got 0',
    ]);
  });

  it('rejects unknown variables and prompts in text and sayings', () => {
    const f = base();
    f.prompts.m = { es: 'Hola {{debtor.nickname}}', en: 'Hi' };
    (f.nodes as Record<string, unknown>).s = { verb: 'play', prompts: [{ say: 'money', value: 'account.saldo' }, { prompt: 'nope' }], next: 'bye' };
    expect(issuesOf(f)).toEqual([
      'flow.prompts.m.es: unknown variable "debtor.nickname"',
      'flow.nodes.s.prompts.0.value: unknown variable "account.saldo"',
      'flow.nodes.s.prompts.1.prompt: unknown prompt "nope"',
    ]);
  });

  it('refuses an inbound flow that reads the balance before an identify node', () => {
    const f = {
      version: 1,
      kind: 'inbound',
      start: 'hello',
      prompts: {},
      nodes: {
        hello: { verb: 'play', prompts: [{ say: 'money', value: 'account.balance' }], next: 'id' },
        id: { verb: 'identify', secondFactors: ['birth_date'], maxTries: 3, next: 'bal', onFail: 'bye' },
        bal: { verb: 'play', prompts: [{ say: 'money', value: 'account.balance' }], next: 'bye' },
        bye: { verb: 'hangup' },
      },
    };
    expect(issuesOf(f)).toEqual(["flow.nodes.hello: reads the debtor's data but can be reached without passing an identify node"]);
    // the same read after the identify node is fine
    f.nodes.hello = { verb: 'play', prompts: [{ text: { es: 'Bienvenido' } }], next: 'id' } as never;
    expect(issuesOf(f)).toEqual([]);
  });

  it('refuses a promise reachable from the identify failure branch of an inbound flow', () => {
    const f = {
      version: 1,
      kind: 'inbound',
      start: 'id',
      prompts: {},
      nodes: {
        id: { verb: 'identify', secondFactors: ['account_last4'], maxTries: 3, next: 'bye', onFail: 'p' },
        p: { verb: 'promise', next: 'bye', onCancel: 'bye' },
        bye: { verb: 'hangup' },
      },
    };
    expect(issuesOf(f)).toEqual(["flow.nodes.p: reads the debtor's data but can be reached without passing an identify node"]);
  });

  it('keeps machine flows to the business name and callback number', () => {
    const f = {
      version: 1,
      kind: 'machine',
      start: 'm',
      prompts: {},
      nodes: {
        m: { verb: 'play', prompts: [{ text: { es: 'Mensaje para {{debtor.firstName}} de {{creditor.businessName}}' } }], next: 'menu' },
        menu: { verb: 'menu', prompts: [], options: { '1': { next: 'bye' } }, onFail: 'bye' },
        bye: { verb: 'hangup' },
      },
    };
    expect(issuesOf(f)).toEqual(['flow.nodes.menu.verb: "menu" is not allowed in a machine flow (only play, say, hangup)']);
    delete (f.nodes as Record<string, unknown>).menu;
    f.nodes.m.next = 'bye';
    expect(issuesOf(f)).toEqual([
      'flow.nodes.m: a machine flow may be heard by anyone: only creditor.businessName and creditor.callbackNumber may be read',
    ]);
  });

  it('checks the words of a machine flow with the third-party content rules', () => {
    const f = structuredClone(DEFAULT_FLOWS.machine) as unknown as { prompts: Record<string, Record<string, string>> };
    f.prompts.message = { es: 'Mensaje de {{creditor.businessName}} sobre su deuda en mora. Llámenos al', en: 'Message from {{creditor.businessName}}. Call us at' };
    expect(issuesOf(f)).toEqual([
      'flow.prompts.message.es: "deuda" reveals the debt to a third party.',
      'flow.prompts.message.es: "mora" reveals the debt to a third party.',
    ]);
  });

  it('warns about nodes nothing leads to', () => {
    const f = base();
    (f.nodes as Record<string, unknown>).orphan = { verb: 'hangup' };
    expect(validateFlow(f).warnings).toEqual([
      { path: 'flow.nodes.orphan', message: 'is never reached from start', i18n: { en: 'is never reached from start', es: 'ningún camino lleva a este paso' } },
    ]);
  });

  it('says every problem in Spanish too, for the person editing the flow', () => {
    const f = base() as unknown as { nodes: Record<string, Record<string, unknown>> };
    const first = Object.keys(f.nodes)[0]!;
    f.nodes[first]!.verb = 'dance';
    try {
      validateFlow(f);
      expect.unreachable('the flow has an unknown verb');
    } catch (e) {
      const issue = (e as FlowValidationError).issues.find((i) => i.path === `flow.nodes.${first}.verb`)!;
      expect(issue.i18n.es).toMatch(/^acción desconocida/);
      expect(issue.i18n.en).toBe(issue.message);
    }
  });

  it('validates a strategy row: each flow under its own key and kind', () => {
    expect(() => validateStrategyFlows({ outbound: DEFAULT_FLOWS.inbound, voicemail: {} })).toThrowError(
      /ivr_flow.outbound.kind: is "inbound" but the flow is stored as outbound[\s\S]*ivr_flow.voicemail: unknown flow "voicemail"/,
    );
    const bad = base();
    bad.start = 'x';
    expect(() => validateStrategyFlows({ outbound: bad })).toThrowError('ivr_flow.outbound.start: unknown node "x"');
    expect(Object.keys(validateStrategyFlows({ outbound: DEFAULT_FLOWS.outbound, machine: DEFAULT_FLOWS.machine }))).toEqual(['outbound', 'machine']);
  });
});
