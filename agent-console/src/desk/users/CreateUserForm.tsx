import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '@cobranza/contracts';
import type { User } from '../../api/types.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { toFieldErrors, type FieldErrors } from '../fieldErrors.js';
import { Field } from '../Field.js';

const FIELDS = ['name', 'email', 'role', 'password', 'sipEndpoint'] as const;
const empty = { name: '', email: '', role: 'agent' as Role, password: '', sipEndpoint: '' };

/** A new user: the API's password policy and uniqueness checks come back at the field they concern. */
export function CreateUserForm({ onCreated }: { onCreated(u: User): void }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof empty) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: FieldErrors = {};
    for (const k of ['name', 'email', 'password'] as const) if (!form[k].trim()) missing[k] = t('required');
    if (Object.keys(missing).length) return setErrors(missing);
    setBusy(true);
    setDone(null);
    try {
      const sip = form.sipEndpoint.trim();
      const u = await request<User>('POST', '/users', { name: form.name.trim(), email: form.email.trim(), role: form.role, password: form.password, ...(sip ? { sipEndpoint: sip } : {}), locale: lang });
      setForm(empty);
      setErrors({});
      setDone(t('users_created', { email: u.email }));
      onCreated(u);
    } catch (err) {
      setErrors(toFieldErrors(err, FIELDS, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card create-user" onSubmit={(e) => void submit(e)} aria-labelledby="create-user-title" noValidate>
      <h2 id="create-user-title">{t('users_create')}</h2>
      <div className="form-grid">
        <Field id="nu-name" label={t('name')} error={errors.name}>
          {(p) => <input {...p} value={form.name} onChange={(e) => set('name')(e.target.value)} autoComplete="off" />}
        </Field>
        <Field id="nu-email" label={t('email')} error={errors.email}>
          {(p) => <input {...p} type="email" value={form.email} onChange={(e) => set('email')(e.target.value)} autoComplete="off" />}
        </Field>
        <Field id="nu-role" label={t('role')} error={errors.role}>
          {(p) => (
            <select {...p} value={form.role} onChange={(e) => set('role')(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role_${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="nu-password" label={t('password')} error={errors.password} help={t('users_password_help')}>
          {(p) => <input {...p} type="password" value={form.password} onChange={(e) => set('password')(e.target.value)} autoComplete="new-password" />}
        </Field>
        <Field id="nu-sip" label={t('sip_endpoint')} error={errors.sipEndpoint} help={t('sip_endpoint_help')}>
          {(p) => <input {...p} value={form.sipEndpoint} onChange={(e) => set('sipEndpoint')(e.target.value)} autoComplete="off" />}
        </Field>
      </div>
      {errors[''] && (
        <p role="alert" className="error">
          {errors['']}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('users_create')}
      </button>
      {done && (
        <span role="status" className="ok-note">
          {done}
        </span>
      )}
    </form>
  );
}
