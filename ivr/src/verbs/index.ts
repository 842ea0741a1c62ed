import type { FlowNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';
import { runGather } from './gather.js';
import { runHangup } from './hangup.js';
import { runIdentify } from './identify.js';
import { runMenu } from './menu.js';
import { runOptOut } from './opt-out.js';
import { runPlay } from './play.js';
import { runPromise } from './promise.js';
import { runSay } from './say.js';
import { runSms } from './sms.js';
import { runTransfer } from './transfer.js';

type Runner<N> = (node: N, s: IvrSession, id: string) => Promise<string | null>;

export const VERB_RUNNERS: { [V in FlowNode['verb']]: Runner<Extract<FlowNode, { verb: V }>> } = {
  play: runPlay,
  say: runSay,
  gather: runGather,
  menu: runMenu,
  identify: runIdentify,
  promise: runPromise,
  sms: runSms,
  transfer: runTransfer,
  'opt-out': runOptOut,
  hangup: runHangup,
};
