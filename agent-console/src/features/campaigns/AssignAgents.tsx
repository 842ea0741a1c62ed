// Who works a campaign: every active agent as a checkbox, ticked when assigned, with the other campaigns they
// work. Saving replaces the campaign's list (PUT /campaigns/:id/agents); an agent then sees the debtors of
// this campaign's portfolio and can go ready for it.
import { useEffect, useRef, useState } from 'react';
import type { AgentChoices } from '@cobranza/contracts/api/campaigns';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang } from '../../store/selectors.js';
import { useCampaignText } from './text.js';

export function AssignAgents(props: { campaign: { id: string; name: string }; onClose: () => void; onSaved: (n: number) => void }) {
  const ct = useCampaignText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [choices, setChoices] = useState<AgentChoices['items'] | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    request<AgentChoices>('GET', `/campaigns/${props.campaign.id}/agents/choices`).then(
      (r) => {
        if (!live) return;
        setChoices(r.items);
        setTicked(new Set(r.items.filter((i) => i.assigned).map((i) => i.id)));
      },
      (e: unknown) => live && setError(problemText(e, lang)),
    );
    heading.current?.focus(); // the keyboard lands in the panel it opened
    return () => {
      live = false;
    };
  }, [props.campaign.id, request, lang]);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const r = await request<{ userIds: string[] }>('PUT', `/campaigns/${props.campaign.id}/agents`, { userIds: [...ticked] });
      props.onSaved(r.userIds.length);
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setSaving(false);
    }
  }

  const toggle = (id: string) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="card assign-agents" aria-labelledby="assign-agents-title" data-testid="assign-agents" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <h3 id="assign-agents-title" tabIndex={-1} ref={heading}>
        {ct('assign_title', { name: props.campaign.name })}
      </h3>
      <p className="muted">{ct('assign_intro')}</p>
      {choices === null && !error && <p className="muted">{ct('assign_loading')}</p>}
      {choices !== null && choices.length === 0 && <p className="muted">{ct('assign_none')}</p>}
      {choices !== null && choices.length > 0 && (
        <fieldset className="agent-choices">
          <legend className="sr-only">{ct('assign_title', { name: props.campaign.name })}</legend>
          {choices.map((a) => (
            <label key={a.id} className="agent-choice">
              <input type="checkbox" checked={ticked.has(a.id)} onChange={() => toggle(a.id)} />
              <span>{a.name}</span> <span className="muted">{a.email}</span>
              {a.otherCampaigns.length > 0 && <span className="muted"> — {ct('assign_also', { names: a.otherCampaigns.join(', ') })}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={saving || choices === null}>
          {ct('assign_save')}
        </button>
        <button type="button" onClick={props.onClose}>
          {ct('close_form')}
        </button>
      </div>
    </section>
  );
}
