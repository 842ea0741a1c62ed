// Call recordings leave the Asterisk node's disk: when Asterisk says a recording finished, its file is fetched
// over ARI (GET /recordings/stored/<name>/file, so the dialer need not run on the Asterisk host), written to the
// shared store under recordings/<name>.wav, indexed with its call attempt, and only then removed from Asterisk.
// A failure leaves the file on Asterisk (nothing lost) and is logged.
import type { Ari, AriEvent } from '@cobranza/ari';
import type { SharedFiles, StoredFile } from '@cobranza/db/files/shared-files';

/** What the archiver needs from the ARI connection (the dialer's own). */
export type RecordingSource = Pick<Ari, 'onEvent' | 'storedRecordingFile' | 'deleteStoredRecording'>;

/** The dialer names a call's recording call-<attempt id> (call-<id>-transfer after a supervisor transfer). */
const CALL_RECORDING = /^call-([0-9A-Za-z][0-9A-Za-z._-]*?)(-transfer)?$/;

export class RecordingArchiver {
  private readonly pending = new Set<Promise<unknown>>();
  constructor(
    private readonly o: {
      ari: RecordingSource;
      files: SharedFiles;
      log: (m: string, fields?: Record<string, unknown>) => void;
      /** Keep Asterisk's copy after archiving (default false: the node's disk is not where recordings live). */
      keepOnAsterisk?: boolean;
    },
  ) {}

  /** Archives every call recording Asterisk finishes from now on; returns the unsubscribe. */
  start(): () => void {
    return this.o.ari.onEvent((e: AriEvent) => {
      if (e.type !== 'RecordingFinished' || !CALL_RECORDING.test(e.recording.name)) return;
      const p = this.archive(e.recording.name, e.recording.format).catch((err: unknown) =>
        this.o.log('recording: not archived, left on Asterisk', { recording: e.recording.name, error: String(err) }),
      );
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
  }

  /** Fetches, stores and indexes one recording, then removes it from Asterisk. */
  async archive(name: string, format = 'wav'): Promise<StoredFile> {
    const m = CALL_RECORDING.exec(name);
    if (!m) throw new Error(`recording ${name}: not a call recording`);
    const data = await this.o.ari.storedRecordingFile(name);
    const file = await this.o.files.put({
      key: `recordings/${name}.${format}`,
      kind: 'recording',
      data,
      contentType: format === 'wav' ? 'audio/wav' : `audio/${format}`,
      callAttemptId: m[1]!,
    });
    if (!this.o.keepOnAsterisk) await this.o.ari.deleteStoredRecording(name);
    return file;
  }

  /** Resolves once the archives under way are done (stop, tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
