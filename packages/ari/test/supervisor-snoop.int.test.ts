import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fakeNumber, startSippAgents, type RtpStep, type SippProcess } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Ari, type ChannelSnapshot, type EventOf } from '../src/index.js';
import { connectTestApp } from './helpers.js';

/** Supervisor listen / whisper / barge on an agent's call, with ARI snoop channels and bridges. */
let ari: Ari;
const sipps: SippProcess[] = [];
let agent: ChannelSnapshot;
let supervisor: ChannelSnapshot;
let callBridge: string;
let debtorId: string;

function rms(file: string): number {
  // sox prints its statistics on stderr.
  const out = execFileSync('bash', ['-c', `sox "${file}" -n stat 2>&1`], { encoding: 'utf8' });
  return Number(/RMS\s+amplitude:\s+([0-9.]+)/.exec(out)?.[1] ?? NaN);
}

async function recordBridgeFor(bridgeId: string, seconds: number): Promise<string> {
  const env = inject('asterisk');
  const name = `test/snoop-${bridgeId}-${Date.now()}`;
  const done = ari.waitFor(name, (e) => e.type === 'RecordingFinished', { timeoutMs: (seconds + 5) * 1000, what: 'recording' });
  await ari.recordBridge(bridgeId, { name, maxDurationSeconds: seconds });
  await done;
  return join(env.recordingDir, `${name}.wav`);
}

beforeAll(async () => {
  const env = inject('asterisk');
  ari = await connectTestApp('t-snoop');
  const logins = new Map<string, ChannelSnapshot>();
  const both = new Promise<void>((resolve) =>
    ari.onUnrouted((e) => {
      if (e.type === 'StasisStart' && (e.args[0] === 'agent' || e.args[0] === 'supervisor')) {
        logins.set(e.args[0], e.channel);
        if (logins.size === 2) resolve();
      }
    }),
  );
  // The agent talks the whole time ("¿Aló?" over and over); the supervisor is silent.
  const hello = join(env.soundsDir, 'cobranza', 'fake-person-hello.wav');
  const talking: RtpStep[] = Array.from({ length: 25 }, (): RtpStep[] => [{ wav: hello }, { silenceMs: 200 }]).flat();
  sipps.push(await startSippAgents({ asterisk: env, agents: ['sipagent194'], app: ari.app, script: talking }));
  sipps.push(await startSippAgents({ asterisk: env, agents: ['sipagent195'], app: ari.app, extension: 'supervisor-login' }));
  await both;
  agent = logins.get('agent')!;
  supervisor = logins.get('supervisor')!;

  // The agent in a call with a debtor.
  callBridge = `call-${Date.now()}`;
  await ari.createBridge({ bridgeId: callBridge });
  await ari.addChannel(callBridge, agent.id);
  debtorId = `snoop-debtor-${Date.now()}`;
  const answered = ari.waitFor(debtorId, (e) => e.type === 'StasisStart', { timeoutMs: 15_000 });
  await ari.originate({ endpoint: `PJSIP/${fakeNumber('person', 900)}@carrier`, channelId: debtorId, timeoutSec: 10 });
  await answered;
  await ari.addChannel(callBridge, debtorId);
});

afterAll(async () => {
  for (const id of [debtorId, agent?.id, supervisor?.id]) if (id) await ari.hangupQuietly(id);
  await Promise.all(sipps.map((s) => s.stop()));
  ari?.close();
});

describe('supervisor on an agent call', () => {
  it('supervisor-login enters the app with [supervisor, endpoint]', () => {
    expect(supervisor.name).toContain('sipagent195');
  });

  it('listen: a snoop channel spying on the agent brings the agent voice to the supervisor', async () => {
    const snoopId = `listen-${Date.now()}`;
    const started = ari.waitFor(snoopId, (e): e is EventOf<'StasisStart'> => e.type === 'StasisStart', { timeoutMs: 5000 });
    await ari.snoop(agent.id, { snoopId, spy: 'in', whisper: 'none', appArgs: ['snoop', 'listen', agent.id] });
    expect((await started).args).toEqual(['snoop', 'listen', agent.id]);

    const listenBridge = `listen-${Date.now()}`;
    await ari.createBridge({ bridgeId: listenBridge });
    // Silent reference: the supervisor alone.
    await ari.addChannel(listenBridge, supervisor.id);
    const quiet = rms(await recordBridgeFor(listenBridge, 2));
    await ari.addChannel(listenBridge, snoopId);
    const heard = rms(await recordBridgeFor(listenBridge, 2));
    console.log(`supervisor bridge RMS: alone ${quiet}, listening to the agent ${heard}`);
    expect(heard).toBeGreaterThan(0.01);
    expect(heard).toBeGreaterThan(quiet * 10);

    await ari.hangup(snoopId);
    await ari.removeChannel(listenBridge, supervisor.id);
    await ari.destroyBridge(listenBridge);
  });

  it('whisper: a snoop channel that injects toward the agent only', async () => {
    const snoopId = `whisper-${Date.now()}`;
    const started = ari.waitFor(snoopId, (e) => e.type === 'StasisStart', { timeoutMs: 5000 });
    await ari.snoop(agent.id, { snoopId, spy: 'in', whisper: 'out', appArgs: ['snoop', 'whisper', agent.id] });
    await started;
    const whisperBridge = `whisper-${Date.now()}`;
    await ari.createBridge({ bridgeId: whisperBridge });
    await ari.addChannel(whisperBridge, [supervisor.id, snoopId]);
    expect((await ari.getBridge(whisperBridge)).channels.sort()).toEqual([supervisor.id, snoopId].sort());
    // The debtor's call is untouched: still the agent and the debtor only.
    expect((await ari.getBridge(callBridge)).channels.sort()).toEqual([agent.id, debtorId].sort());
    await ari.hangup(snoopId);
    await ari.removeChannel(whisperBridge, supervisor.id);
    await ari.destroyBridge(whisperBridge);
  });

  it('barge: the supervisor joins the call bridge', async () => {
    await ari.addChannel(callBridge, supervisor.id);
    expect((await ari.getBridge(callBridge)).channels.sort()).toEqual([agent.id, debtorId, supervisor.id].sort());
    await ari.removeChannel(callBridge, supervisor.id);
  });
});
