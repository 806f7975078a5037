// Routes: sign-in, then the views a role may open.
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch } from 'wouter';
import { ErrorBoundary } from '../shell/ErrorBoundary.tsx';
import { Login } from '../shell/Login.tsx';
import { NoView } from '../shell/NoView.tsx';
import { TopBar } from '../shell/TopBar.tsx';
import { homeOf, useSession, VIEWS_BY_ROLE, type View } from './session.tsx';

const VIEWS: Partial<Record<View, ComponentType>> = {
  planner: lazy(() => import('../planner/PlannerView.tsx').then((m) => ({ default: m.PlannerView }))),
  planning: lazy(() => import('../planning/PlanningView.tsx').then((m) => ({ default: m.PlanningView }))),
  team: lazy(() => import('../team/TeamView.tsx').then((m) => ({ default: m.TeamView }))),
};

function Loading() {
  const { t } = useTranslation();
  return <div className="loading">{t('common.loading')}</div>;
}

function Guarded({ view }: { view: View }) {
  const { user } = useSession();
  const Component = VIEWS[view];
  if (!Component) return <NoView />;
  if (!user) return <Redirect to={`/login?next=/${view}`} />;
  if (!VIEWS_BY_ROLE[user.role].includes(view)) return <NoView />;
  return (
    <div className="app">
      <TopBar current={view} />
      <ErrorBoundary>
        <Suspense fallback={<Loading />}>
          <Component />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

export function App() {
  const { user } = useSession();
  return (
    <Switch>
      <Route path="/login" component={Login} />
      {(Object.keys(VIEWS) as View[]).map((v) => (
        <Route key={v} path={`/${v}`}>
          <Guarded view={v} />
        </Route>
      ))}
      <Route>{user ? <Redirect to={`/${homeOf(user.role)}`} /> : <Redirect to="/login" />}</Route>
    </Switch>
  );
}
