// Sign-in, with the demo accounts offered when the server runs in demo mode.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../api/client.ts';
import { demoUsers, type DemoUsers } from '../api/session-api.ts';
import { homeOf, useSession, VIEWS_BY_ROLE, type View } from '../app/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function Login() {
  const { t } = useTranslation();
  const { signIn, ended } = useSession();
  const [, navigate] = useLocation();
  const next = new URLSearchParams(useSearch()).get('next');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoUsers | null>(null);

  useEffect(() => {
    demoUsers().then(setDemo, () => setDemo(null));
  }, []);

  async function submit(u: string, p: string) {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(u, p);
      const wanted = next?.slice(1) as View | undefined;
      navigate(wanted && VIEWS_BY_ROLE[user.role].includes(wanted) ? `/${wanted}` : `/${homeOf(user.role)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(username, password);
  };

  return (
    <main className="login">
      <header>
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        <LanguageSwitch />
      </header>
      {ended && <p role="status">{t('errors.sessionEnded')}</p>}
      <form onSubmit={onSubmit} aria-label={t('login.title')}>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
        {error && <p role="alert">{t('login.failed', { message: error })}</p>}
      </form>
      <p className="public-link">
        <Link href="/public">{t('login.publicMap')}</Link>
      </p>
      {demo && (
        <section className="demo-users">
          <h2>{t('login.demo', { password: demo.password })}</h2>
          <ul>
            {demo.users.map((u) => (
              <li key={u.username}>
                <button type="button" data-user={u.username} disabled={busy} onClick={() => void submit(u.username, demo.password)}>
                  {u.displayName} · {t(`roles.${u.role}`)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
