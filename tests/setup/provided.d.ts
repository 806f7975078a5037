import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded store made by the global setup: a dump file (embedded) or a template database (server). */
    seededStore: string;
  }
}
