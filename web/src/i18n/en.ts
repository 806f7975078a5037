// English: every key the Chinese messages have (the type makes sure).
import type { Messages } from './zh.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const en: Shape<Messages> = {
  app: { title: 'gridcity', subtitle: 'Urban management in the community' },
  lang: { switch: '中文', label: 'Language' },
  nav: { planner: 'Grid planning', team: 'Team desk', wall: 'Wall map', myGrid: 'My grid', public: 'Public map', planning: 'Site planning', field: 'Field report', verify: 'Verify detections', report: 'Report a problem', track: 'Follow a report', posters: 'QR posters', signOut: 'Sign out' },
  roles: { admin: 'Administrator', planner: 'Grid planner', command: 'Command centre', officer: 'Officer', grid_chief: 'Grid chief', public: 'Public' },
  login: {
    title: 'Sign in',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Sign-in failed: {{message}}',
    demo: 'Demo accounts (password {{password}})',
    publicMap: 'Open the public map without signing in',
  },
  map: {
    layers: 'Layers',
    legend: 'Legend',
    search: 'Search grid code or name',
    noResults: 'No matching grid',
    layer: { grids: 'Grids', subgrids: 'Sub-grids', blocks: 'Street blocks', components: 'Components', cases: 'Cases', service_points: 'Service points' },
    loading: 'Loading the map…',
  },
  common: {
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    reload: 'Reload',
    loading: 'Loading…',
    error: 'Something went wrong: {{message}}',
    retry: 'Retry',
    none: 'None',
    yes: 'Yes',
    no: 'No',
  },
  units: { grid: 'Grid', subgrid: 'Sub-grid', block: 'Street block' },
  errors: {
    notAllowed: 'This account cannot use this page.',
    boundary: 'The page failed; please reload.',
    sessionEnded: 'Your session has ended; please sign in again.',
  },
};
