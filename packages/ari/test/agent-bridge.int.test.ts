import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fakeNumber, startSippAgents, type SippProcess } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAmdArgs, type Ari, type ChannelSnapshot, type EventOf } from '../src/index.js';
import { connectTestApp, median } from './helpers.js';

/**
 * The agent model the dialer uses: SIP agents (SIPp) call agent-login once and wait in their own bridge; a
 * debtor recognised as a person by AMD is added to that bridge.
 */
let ari: Ari;
let agents: SippProcess;
const agentNames = ['sipagent191', 'sipagent192', 'sipagent193'];
const agentChannels = new Map<string, ChannelSnapshot>();
let agentLoginMs = 0;

beforeAll(async () => {
  const env = inject('asterisk');
  ari = await connectTestApp('t-agents');
  const loggedIn = new Promise<void>((resolve) => {
    ari.onUnrouted((e) => {
      if (e.type === 'StasisStart' && e.args[0] === 'agent') {
        agentChannels.set(e.args[1]!, e.channel);
        if (agentChannels.size === agentNames.length) resolve();
      }
    });
  });
  const t0 = Date.now();
  agents = await startSippAgents({ asterisk: env, agents: agentNames, app: ari.app, ratePerSec: 20 });
  await loggedIn;
  agentLoginMs = Date.now() - t0;
});

afterAll(async () => {
  for (const c of agentChannels.values()) await ari.hangupQuietly(c.id);
  await agents?.stop();
  ari?.close();
});

describe('permanent agent channels', () => {
  it('agents log in with args [agent, endpoint], already answered', () => {
    expect([...agentChannels.keys()].sort()).toEqual(agentNames);
    for (const c of agentChannels.values()) expect(c.state).toBe('Up');
    console.log(`3 SIP agents logged in (INVITE → StasisStart) in ${agentLoginMs} ms`);
  });

  it('a debtor recognised as a person joins the waiting agent bridge; the agent stays after the debtor leaves', async () => {
    const env = inject('asterisk');
    const bridgeTimes: number[] = [];
    const enteredTimes: number[] = [];
    for (const round of [0, 1]) {
      await Promise.all(
        agentNames.map(async (name, i) => {
          const agent = agentChannels.get(name)!;
          const bridgeId = `agent-${name}-${round}-${Date.now()}`;
          await ari.createBridge({ bridgeId, name });
          await ari.addChannel(bridgeId, agent.id);
          const debtorId = `debtor-${name}-${round}-${Date.now()}`;
          const human = ari.waitFor(debtorId, (e): e is EventOf<'StasisStart'> => e.type === 'StasisStart' && parseAmdArgs(e.args)?.status === 'HUMAN', {
            timeoutMs: 20_000,
            what: 'AMD HUMAN',
          });
          const answered = ari.waitFor(debtorId, (e) => e.type === 'StasisStart' && !parseAmdArgs(e.args), { timeoutMs: 15_000, what: 'answer' });
          await ari.originate({ endpoint: `PJSIP/${fakeNumber('person', 300 + round * 10 + i)}@carrier`, channelId: debtorId, timeoutSec: 15 });
          await answered;
          await ari.runAmd(debtorId);
          const verdict = await human;
          // From the moment the verdict reaches us to the debtor being in the agent's bridge.
          const entered = ari.waitFor(debtorId, (e) => e.type === 'ChannelEnteredBridge', { timeoutMs: 5000, what: 'enter bridge' });
          const t0 = performance.now();
          await ari.addChannel(bridgeId, debtorId);
          bridgeTimes.push(performance.now() - t0);
          enteredTimes.push((await entered).receivedAt - verdict.receivedAt);
          expect((await ari.getBridge(bridgeId)).channels.sort()).toEqual([agent.id, debtorId].sort());

          if (round === 0 && i === 0) {
            // Both sides recorded by recording the bridge.
            const name = `test/agent-bridge-${Date.now()}`;
            const finished = ari.waitFor(name, (e) => e.type === 'RecordingFinished', { timeoutMs: 10_000, what: 'recording' });
            await ari.recordBridge(bridgeId, { name, maxDurationSeconds: 2 });
            await finished;
            const file = join(env.recordingDir, `${name}.wav`);
            expect(existsSync(file)).toBe(true);
            expect(statSync(file).size).toBeGreaterThan(2 * 8000); // ~2 s of 8 kHz 16-bit audio
          }

          const gone = ari.waitFor(debtorId, (e) => e.type === 'ChannelDestroyed', { timeoutMs: 5000 });
          await ari.hangup(debtorId);
          await gone;
          expect((await ari.getBridge(bridgeId)).channels).toEqual([agent.id]);
          await ari.removeChannel(bridgeId, agent.id);
          await ari.destroyBridge(bridgeId);
        }),
      );
    }
    console.log(
      `bridge a live debtor to a waiting agent: addChannel REST median ${median(bridgeTimes).toFixed(1)} ms (max ${Math.max(...bridgeTimes).toFixed(1)}), ` +
        `AMD verdict → ChannelEnteredBridge median ${median(enteredTimes)} ms (max ${Math.max(...enteredTimes)}), n=${bridgeTimes.length}`,
    );
    // Agents are still logged in (their channels survived the calls).
    const alive = new Set((await ari.listChannels()).map((c) => c.id));
    for (const c of agentChannels.values()) expect(alive.has(c.id)).toBe(true);
  });

  it('reads a number in Spanish (number: with lang es) to the agent', async () => {
    const env = inject('asterisk');
    const agent = agentChannels.get(agentNames[0]!)!;
    const playbackId = `num-${Date.now()}`;
    const finished = ari.waitFor(playbackId, (e) => e.type === 'PlaybackFinished', { timeoutMs: 15_000, what: 'playback' });
    const t0 = Date.now();
    const pb = await ari.play(agent.id, 'number:1234', { lang: 'es', playbackId });
    expect(pb.id).toBe(playbackId);
    await finished;
    console.log(`number:1234 in Spanish played in ${Date.now() - t0} ms`);
    // Asterisk's log names each file it plays. Spanish: "mil doscientos treinta y cuatro" =
    // thousand, 200, 30, and, 4 from sounds/es; English would be 1, thousand, 2, hundred, 30, 4.
    const played = readFileSync(env.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes(agent.name) && l.includes('Playing'));
    const files = played.map((l) => /Playing '([^']+)' \(language '([^']+)'\)/.exec(l)).filter((m) => m !== null);
    expect(new Set(files.slice(-5).map((m) => m[2]))).toEqual(new Set(['es']));
    const names = files.map((m) => m[1]);
    expect(names.slice(-5)).toEqual(['digits/thousand.gsm', 'digits/200.gsm', 'digits/30.gsm', 'digits/and.gsm', 'digits/4.gsm']);
  });
});
