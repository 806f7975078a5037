// Routes: sign-in, then the views a role may open.
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch } from 'wouter';
import { ErrorBoundary } from '../shell/ErrorBoundary.tsx';
import { Login } from '../shell/Login.tsx';
import { NoView } from '../shell/NoView.tsx';
import { PublicHeader } from '../shell/PublicHeader.tsx';
import { TopBar } from '../shell/TopBar.tsx';
import { homeOf, useSession, VIEWS_BY_ROLE, type View } from './session.tsx';

const VIEWS: Partial<Record<View, ComponentType>> = {
  planner: lazy(() => import('../planner/PlannerView.tsx').then((m) => ({ default: m.PlannerView }))),
  'my-grid': lazy(() => import('../mygrid/MyGridView.tsx').then((m) => ({ default: m.MyGridView }))),
  planning: lazy(() => import('../planning/PlanningView.tsx').then((m) => ({ default: m.PlanningView }))),
  team: lazy(() => import('../team/TeamView.tsx').then((m) => ({ default: m.TeamView }))),
  public: lazy(() => import('../public/PublicView.tsx').then((m) => ({ default: m.PublicView }))),
  wall: lazy(() => import('../wall/WallView.tsx').then((m) => ({ default: m.WallView }))),
  field: lazy(() => import('../field/FieldView.tsx').then((m) => ({ default: m.FieldView }))),
  verify: lazy(() => import('../verify/VerifyView.tsx').then((m) => ({ default: m.VerifyView }))),
  report: lazy(() => import('../report/ReportView.tsx').then((m) => ({ default: m.ReportView }))),
  track: lazy(() => import('../track/TrackView.tsx').then((m) => ({ default: m.TrackView }))),
  posters: lazy(() => import('../report/PostersView.tsx').then((m) => ({ default: m.PostersView }))),
};

/** Views anyone may open without signing in (with a plain header); signed-in users keep their top bar. */
const OPEN_VIEWS: Partial<Record<View, string>> = { public: 'nav.public', report: 'nav.report', track: 'nav.track' };

/** Views that fill the screen on their own, without the top bar (the command centre's wall). */
const BARE: ReadonlySet<View> = new Set<View>(['wall']);

function Loading() {
  const { t } = useTranslation();
  return <div className="loading">{t('common.loading')}</div>;
}

function Guarded({ view }: { view: View }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const Component = VIEWS[view];
  if (!Component) return <NoView />;
  const open = OPEN_VIEWS[view];
  if (!user && !open) return <Redirect to={`/login?next=/${view}`} />;
  // Open views are open to signed-in users of every role too (a staff member scanning a QR code).
  if (user && !open && !VIEWS_BY_ROLE[user.role].includes(view)) return <NoView />;
  return (
    <div className={BARE.has(view) ? 'app bare' : 'app'}>
      {BARE.has(view) ? null : user ? <TopBar current={view} /> : <PublicHeader title={t(open!)} />}
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
