// The dialer and the IVR can run inside the API process (one command for a demo) or as their own
// processes (production). Each exports `start(ctx)` from its src/index.ts; this is where they are wired.
import type { AppDeps, HealthCheck } from './deps.js';

export interface ComponentContext {
  db: AppDeps['db'];
  bus: AppDeps['bus'];
  config: AppDeps['config'];
  log: (msg: string) => void;
  /**
   * What the components started before this one returned, by name: the IVR takes the dialer's
   * (`{ dialer, ari }`) so it shares its ARI connection and agent routing.
   */
  components: Record<string, StartedComponent>;
}

export interface StartedComponent {
  stop(): Promise<void>;
  health?: HealthCheck;
  /** Anything else a component exposes to the ones started after it (the dialer: dialer, ari). */
  [extra: string]: unknown;
}

export type ComponentStart = (ctx: ComponentContext) => Promise<StartedComponent>;

export interface RunningComponent extends StartedComponent {
  name: string;
}

/**
 * Loaded lazily so the API runs even when a component is absent or fails to load. The specifier is a
 * variable on purpose: the API does not compile against the dialer's or the IVR's sources, it only
 * needs their `start` at run time.
 */
const load = async (specifier: string): Promise<{ start?: ComponentStart } | undefined> => (await import(specifier)) as { start?: ComponentStart };
const COMPONENTS: Array<{ name: 'dialer' | 'ivr'; load: () => Promise<{ start?: ComponentStart } | undefined> }> = [
  { name: 'dialer', load: () => load('@cobranza/dialer') },
  { name: 'ivr', load: () => load('@cobranza/ivr') },
];

export async function startInProcessComponents(deps: AppDeps, log: (msg: string) => void): Promise<RunningComponent[]> {
  const running: RunningComponent[] = [];
  const started: Record<string, StartedComponent> = {};
  for (const c of COMPONENTS) {
    try {
      const mod = await c.load();
      if (!mod?.start) {
        log(`${c.name}: no start() export, not started in-process`);
        continue;
      }
      const component = await mod.start({ db: deps.db, bus: deps.bus, config: deps.config, log: (m) => log(`${c.name}: ${m}`), components: started });
      started[c.name] = component;
      if (component.health) deps.healthChecks.set(c.name, component.health);
      running.push({ ...component, name: c.name });
      log(`${c.name}: started in-process`);
    } catch (e) {
      log(`${c.name}: failed to start in-process: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return running;
}
