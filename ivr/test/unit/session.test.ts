import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/context.js';
import { DEFAULT_FLOWS } from '../../src/flows/defaults.js';
import type { Flow } from '../../src/flows/types.js';
import { MemoryAttemptLimiter } from '../../src/limiter.js';
import { IvrSession, type SessionDeps } from '../../src/session.js';
import { CREDITOR, FakeMedia, FakePrompts, MemoryStore, RecordingRouter, RecordingSms, debtor, quietLog } from '../fakes.js';

function setup(kind: 'outbound' | 'inbound' | 'machine', opts: { limiter?: MemoryAttemptLimiter; store?: MemoryStore; router?: RecordingRouter } = {}) {
  const store = opts.store ?? new MemoryStore();
  const d = store.debtors[0] ?? null;
  const ctx: CallContext = {
    kind,
    lang: 'es',
    direction: kind === 'inbound' ? 'inbound' : 'outbound',
    channelId: 'chan-1',
    remoteNumber: '+573001112233',
    campaignId: kind === 'inbound' ? null : 'camp-1',
    callAttemptId: kind === 'inbound' ? null : 'chan-1',
    debtor: kind === 'inbound' ? null : d,
    account: kind === 'inbound' ? null : (d?.accounts[0] ?? null),
    creditor: CREDITOR,
    identified: false,
    vars: {},
    today: '2026-11-23',
  };
  const router = opts.router ?? new RecordingRouter();
  const sms = new RecordingSms();
  const deps: SessionDeps = { store, prompts: new FakePrompts(), limiter: opts.limiter ?? new MemoryAttemptLimiter(), agents: router, sms, log: quietLog };
  const media = new FakeMedia('chan-1', 2);
  const flow: Flow = DEFAULT_FLOWS[kind];
  return { session: new IvrSession(flow, ctx, media, deps), media, store, router, sms, ctx };
}

const MENU = /Para hablar ahora con un asesor/;

describe('outbound message session (default flow)', () => {
  it('reads the personalised message: name, amount in the account currency, due date, days past due', async () => {
    const { session, media } = setup('outbound');
    media.on(MENU, '!');
    const r = await session.run();
    expect(media.heard().slice(0, 13)).toEqual([
      'tts:es:Hola Lucía. Le llamamos de Banco Andino.',
      'tts:es:Su cuenta tiene un saldo pendiente de',
      'number:1250000',
      'tts:es:pesos',
      'tts:es:vencido desde el',
      'number:5',
      'sound:digits/es-de',
      'sound:digits/mon-9',
      'sound:digits/es-de',
      'number:2026',
      'tts:es:Días de mora:',
      'number:49',
      expect.stringMatching(MENU),
    ]);
    expect(r.outcome).toBe('caller_hangup');
  });

  it('reads the same message in English for an English-speaking debtor', async () => {
    const { session, media, ctx } = setup('outbound');
    ctx.lang = 'en';
    media.on(/To talk to an agent now/, '!');
    await session.run();
    expect(media.heard().slice(0, 10)).toEqual([
      'tts:en:Hello Lucía. This is Banco Andino calling.',
      'tts:en:Your account has a balance due of',
      'number:1250000',
      'tts:en:pesos',
      'tts:en:past due since',
      'sound:digits/mon-9',
      'number:5',
      'number:2026',
      'tts:en:Days past due:',
      'number:49',
    ]);
  });

  it('1: hands the call to the agent router with the debtor, account, campaign and priority, and does not hang up', async () => {
    const { session, media, router } = setup('outbound');
    media.on(MENU, '1');
    const r = await session.run();
    expect(router.requests).toEqual([
      { channelId: 'chan-1', callAttemptId: 'chan-1', debtorId: 'deb-1', accountId: 'acc-1', campaignId: 'camp-1', priority: 80, ivrSessionId: r.sessionId },
    ]);
    expect(r).toMatchObject({ outcome: 'agent', handedOff: true });
    expect(media.hungUpByUs).toBe(false);
  });

  it('1 with no agent free: says so and returns to the menu', async () => {
    const { session, media } = setup('outbound', { router: new RecordingRouter({ status: 'no_agent' }) });
    media.on(MENU, '1').on(/no hay asesores/, '').on(MENU, '9');
    const r = await session.run();
    expect(r.outcome).toBe('opt_out');
  });

  it('3: a promise typed, read back, confirmed and stored with the session', async () => {
    const { session, media, store } = setup('outbound');
    media.on(MENU, '3').on(/fecha en que hará el pago/, '0512').on(/valor que pagará/, '300000#').on(/Para confirmar/, '1');
    const r = await session.run();
    expect(store.promises).toEqual([{ debtorId: 'deb-1', accountId: 'acc-1', ivrSessionId: r.sessionId, amount: '300000.00', currency: 'COP', dueDate: '2026-12-05' }]);
    // the read-back: "you promise to pay 300000 pesos on 5 December 2026"
    const heard = media.heard();
    const i = heard.indexOf('tts:es:Usted se compromete a pagar');
    expect(heard.slice(i, i + 8)).toEqual([
      'tts:es:Usted se compromete a pagar',
      'number:300000',
      'tts:es:pesos',
      'tts:es:el día',
      'number:5',
      'sound:digits/es-de',
      'sound:digits/mon-11',
      'sound:digits/es-de',
    ]);
    expect(r.outcome).toBe('promise');
    expect(store.sessions.get(r.sessionId)?.outcome).toBe('promise');
  });

  it('3: an amount below the strategy minimum is refused with the minimum read out, then corrected', async () => {
    const { session, media, store } = setup('outbound');
    media
      .on(MENU, '3')
      .on(/fecha en que hará el pago/, '0512')
      .on(/valor que pagará/, '1000#')
      
      .on(/fecha en que hará el pago/, '0512')
      .on(/valor que pagará/, '250000#')
      .on(/Para confirmar/, '1');
    await session.run();
    expect(media.heard()).toContain('number:250000'); // 20 % of 1 250 000, the minimum said to the caller
    expect(store.promises.map((p) => p.amount)).toEqual(['250000.00']);
  });

  it('9: records the opt-out for every channel before confirming, and ends the call', async () => {
    const { session, media, store } = setup('outbound');
    media.on(MENU, '9');
    const r = await session.run();
    expect(store.optOuts).toEqual([{ debtorId: 'deb-1', e164: null, channel: 'all', source: 'ivr_keypad' }]);
    expect(r.outcome).toBe('opt_out');
    expect(media.hungUpByUs).toBe(true);
  });

  it('4: sends the payment link through the SMS sender to the debtor', async () => {
    const { session, media, sms } = setup('outbound');
    media.on(MENU, '4');
    const r = await session.run();
    expect(sms.sent).toMatchObject([{ debtorId: 'deb-1', template: 'payment_link', to: '+573001112233', lang: 'es', campaignId: 'camp-1' }]);
    expect(r.outcome).toBe('sms_sent');
  });

  it('a key pressed during the message stops it and picks the menu option', async () => {
    const { session, media, store } = setup('outbound');
    media.on(/Hola Lucía/, '9', 0);
    await session.run();
    expect(media.plays[0]?.end).toBe('stopped');
    expect(store.optOuts).toHaveLength(1);
  });

  it('records the path through the menu', async () => {
    const { session, media } = setup('outbound');
    media.on(MENU, '7').on(/Opción no válida/, '').on(MENU, '9');
    const r = await session.run();
    expect(r.path.map((p) => [p.step, p.input, p.result])).toEqual([
      ['message', undefined, undefined],
      ['main', '7', 'invalid'],
      ['main', '9', 'opt_out'],
      ['optOut', undefined, 'opt_out:all'],
      ['end', undefined, 'hangup'],
    ]);
  });
});

describe('self-service identification', () => {
  const ID = /documento de identidad/;
  const SECOND = /fecha de nacimiento, día, mes y año, o los últimos/;

  it('identifies with id + birth date and then reads each account', async () => {
    const { session, media, ctx } = setup('inbound');
    media.on(ID, '52345678#').on(SECOND, '14031985#').on(/escuchar de nuevo/, '!');
    const r = await session.run();
    expect(ctx.identified).toBe(true);
    expect(media.heard()).toEqual(expect.arrayContaining(['digits:8877', 'number:1250000', 'number:150000']));
    expect(r.identified).toBe(true);
  });

  it("once identified, the day is the debtor's, not the line's (around midnight UTC)", async () => {
    // 03:00 UTC on 24 Nov: still the 23rd on the line in Bogotá, already the 24th for a debtor in Madrid
    const at = new Date('2026-11-24T03:00:00Z');
    const run = async (timeZone: string) => {
      const { session, media, ctx } = setup('inbound', { store: new MemoryStore([debtor({ timeZone })]) });
      ctx.now = () => at;
      media.on(ID, '52345678#').on(SECOND, '14031985#').on(/escuchar de nuevo/, '!');
      await session.run();
      expect(ctx.identified).toBe(true);
      return { today: ctx.today, heard: media.heard() };
    };
    const madrid = await run('Europe/Madrid');
    expect(madrid.today).toBe('2026-11-24');
    // days past due of an account due 5 Oct are counted to the debtor's day
    expect(madrid.heard).toContain('number:50');
    const bogota = await run('America/Bogota');
    expect(bogota.today).toBe('2026-11-23');
    expect(bogota.heard).toContain('number:49');
  });

  it('three wrong answers: the caller is told, the call ends, and no balance or account data is ever played', async () => {
    const { session, media, store } = setup('inbound');
    media.on(ID, '52345678#').on(SECOND, '01011990#').on(ID, '52345678#').on(SECOND, '8876#').on(ID, '99999999#').on(SECOND, '14031985#');
    const r = await session.run();
    expect(r).toMatchObject({ outcome: 'identify_failed', identified: false });
    const heard = media.heard();
    expect(heard.filter((u) => /^(number|digits):/.test(u))).toEqual([]);
    expect(heard.join('|')).not.toMatch(/pesos|Saldo|Lucía/);
    expect(heard.at(-1)).toMatch(/No fue posible verificar su identidad/);
    expect(media.hungUpByUs).toBe(true);
    expect(store.audits.map((a) => a.details.result)).toEqual(['fail:attempt1', 'fail:attempt2', 'fail:attempt3']);
    expect(store.audits[0]?.details).toMatchObject({ document: '*****678', caller: '+********2233' });
  });

  it('failures are counted across calls: a caller over the limit is refused before typing anything', async () => {
    const limiter = new MemoryAttemptLimiter({ perCaller: 4, perDocument: 10, windowSeconds: 3600 });
    const first = setup('inbound', { limiter });
    first.media.on(ID, '1111#').on(SECOND, '0000#').on(ID, '2222#').on(SECOND, '0000#').on(ID, '3333#').on(SECOND, '0000#');
    expect((await first.session.run()).outcome).toBe('identify_failed');
    const second = setup('inbound', { limiter });
    second.media.on(ID, '4444#').on(SECOND, '0000#');
    const r = await second.session.run();
    expect(r.outcome).toBe('identify_locked');
    expect(second.media.heard().some((u) => /número de intentos/.test(u))).toBe(true);
    // a third call is refused at once, without asking for the id
    const third = setup('inbound', { limiter });
    expect((await third.session.run()).outcome).toBe('identify_locked');
    expect(third.media.heard().some((u) => ID.test(u))).toBe(false);
  });

  it('an unknown id is asked for the second factor exactly like a known one (no id enumeration)', async () => {
    const known = setup('inbound');
    known.media.on(ID, '52345678#').on(SECOND, '0000#').on(ID, '!');
    await known.session.run();
    const unknown = setup('inbound');
    unknown.media.on(ID, '11111111#').on(SECOND, '0000#').on(ID, '!');
    await unknown.session.run();
    expect(unknown.media.heard()).toEqual(known.media.heard());
  });
});

describe('answering machine', () => {
  it('plays only the business name and the callback number', async () => {
    const { session, media } = setup('machine');
    const r = await session.run();
    expect(media.heard()).toEqual([
      'tts:es:Este es un mensaje de Banco Andino. Por favor comuníquese con nosotros al',
      'digits:6015551234',
      'tts:es:Repetimos, el número es',
      'digits:6015551234',
      'tts:es:Gracias.',
    ]);
    expect(r.outcome).toBe('machine_message');
  });

  it('refuses at run time to read debt data in a machine context even if a flow asks', async () => {
    const { session, media } = setup('machine');
    (session.flow.nodes as Record<string, unknown>).message = { verb: 'play', prompts: [{ say: 'money', value: 'account.balance' }], next: 'end' };
    const r = await session.run();
    expect(r.outcome).toBe('error');
    expect(media.heard().some((u) => u.startsWith('number:'))).toBe(false);
    (session.flow.nodes as Record<string, unknown>).message = DEFAULT_FLOWS.machine.nodes.message;
  });
});
