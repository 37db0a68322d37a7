// The console: sign-in (an API token, or none in the sandbox), the navigation, and the page of the route.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Session, SessionContext } from './data.js';
import { CallerQuery } from './documents/session.js';
import { GatewayRequestError } from './graphql-client.js';
import { ActivityPage } from './pages/activity.js';
import { EstatePage } from './pages/estate.js';
import { HealthPage } from './pages/health.js';
import { PlansPage } from './pages/plans.js';
import { ProviderByKey, ProviderPage } from './pages/provider.js';
import { linkProps, useRoute } from './router.js';
import { clientFor, storedToken, storeToken, tokenRequired } from './session.js';
import { ErrorBox } from './ui.js';
import './styles.css';

const NAVIGATION = [
  { route: '/', label: 'Estate' },
  { route: '/activity', label: 'Activity' },
  // Not /health: yoga answers every path that ends in /health as its liveness probe.
  { route: '/connections', label: 'Health' },
  { route: '/plans', label: 'Plans' },
];

function App() {
  const [token, setToken] = useState(storedToken());
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<Error | null>(null);
  const [needsToken, setNeedsToken] = useState(false);
  const client = useMemo(() => clientFor(token), [token]);
  useEffect(() => {
    setSession(null);
    if (!token && tokenRequired()) {
      setNeedsToken(true);
      return;
    }
    client
      .execute(CallerQuery, {})
      .then(({ caller }) => {
        setNeedsToken(false);
        setProblem(null);
        setSession({
          client,
          role: caller.role,
          name: caller.name,
          anonymous: caller.anonymous,
          signOut: () => {
            storeToken(null);
            setToken(null);
          },
        });
      })
      .catch((error: Error) => {
        const unauthenticated = error instanceof GatewayRequestError && error.codes.includes('UNAUTHENTICATED');
        setNeedsToken(unauthenticated);
        setProblem(token || !unauthenticated ? error : null);
      });
  }, [client]);

  if (!session)
    return (
      <main class="sign-in">
        <h1>IdP gateway console</h1>
        <ErrorBox error={problem} />
        {needsToken ? (
          <SignIn
            onToken={(value) => {
              storeToken(value);
              setToken(value);
            }}
          />
        ) : problem ? null : (
          <p>Connecting...</p>
        )}
      </main>
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} />
    </SessionContext.Provider>
  );
}

function SignIn(props: { onToken(token: string): void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) props.onToken(value.trim());
      }}
    >
      <p>This gateway needs an API token. It is kept in this tab only (sessionStorage) and sent as a bearer token.</p>
      <label class="field">
        <span>API token</span>
        <input
          type="password"
          autocomplete="off"
          value={value}
          onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}

function Shell(props: { session: Session }) {
  const route = useRoute();
  const section = route === '/' || route.startsWith('/providers/') ? '/' : route;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <span class="brand">IdP gateway</span>
        <nav aria-label="Console">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.route}>
                <a {...linkProps(item.route)} aria-current={section === item.route ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {props.session.name} <span class="role">{props.session.role.toLowerCase()}</span>
          {props.session.anonymous ? null : (
            <button type="button" class="link" onClick={props.session.signOut}>
              Sign out
            </button>
          )}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page(props: { route: string }) {
  const { route } = props;
  if (route.startsWith('/providers/find/')) {
    const [connectionId = '', providerKey = ''] = route.slice('/providers/find/'.length).split('/').map(decodeURIComponent);
    return <ProviderByKey connectionId={connectionId} providerKey={providerKey} />;
  }
  if (route.startsWith('/providers/')) return <ProviderPage id={decodeURIComponent(route.slice('/providers/'.length))} />;
  if (route === '/activity') return <ActivityPage />;
  if (route === '/connections') return <HealthPage />;
  if (route === '/plans') return <PlansPage />;
  return <EstatePage />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
