import { StatusBar } from '../features/agent-status/StatusBar.js';
import { DispositionPanel } from '../features/disposition/DispositionPanel.js';
import { PreviewPanel } from '../features/preview/PreviewPanel.js';
import { ScreenPop } from '../features/screen-pop/ScreenPop.js';
import { ScriptPanel } from '../features/script/ScriptPanel.js';
import { SoftphonePanel } from '../features/softphone/SoftphonePanel.js';

/** The agent's one screen: phone, debtor, script and disposition side by side. */
export function AgentDesk() {
  return (
    <div className="agent-desk">
      <StatusBar />
      <div className="columns">
        <div className="col-left">
          <SoftphonePanel />
          <PreviewPanel />
        </div>
        <div className="col-center">
          <ScreenPop />
          <ScriptPanel />
        </div>
        <div className="col-right">
          <DispositionPanel />
        </div>
      </div>
    </div>
  );
}
