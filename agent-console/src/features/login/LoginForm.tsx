import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/provider.js';
import { useT } from '../../store/selectors.js';
import type { MessageKey } from '../../i18n/index.js';

export function LoginForm() {
  const t = useT();
  const login = useAppStore((s) => s.login);
  const session = useAppStore((s) => s.session);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login(email, password);
  };
  const err = session.error;
  return (
    <form className="login card" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('login_title')}</h1>
      <label>
        {t('email')}
        <input name="email" type="email" autoComplete="username" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {err && (
        <p role="alert" className="error">
          {err === 'login_failed' ? t(err as MessageKey) : err}
        </p>
      )}
      <button type="submit" disabled={session.status === 'logging_in'}>
        {t('login')}
      </button>
    </form>
  );
}
