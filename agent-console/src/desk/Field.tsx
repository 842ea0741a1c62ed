import type { ReactNode } from 'react';

interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with its help and its error underneath, both read out with the control. */
export function Field({ id, label, error, help, children }: { id: string; label: string; error?: string | undefined; help?: string; children(p: ControlProps): ReactNode }) {
  const described = [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name: id, 'aria-invalid': !!error, 'aria-describedby': described })}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
      {help && (
        <span id={`${id}-help`} className="help muted">
          {help}
        </span>
      )}
    </div>
  );
}
