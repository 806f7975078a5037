import { Component, type ReactNode } from 'react';
import { i18next } from '../i18n/index.ts';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div role="alert" className="boundary">
          <p>{i18next.t('errors.boundary')}</p>
          <pre>{this.state.error.message}</pre>
          <button type="button" onClick={() => location.reload()}>
            {i18next.t('common.reload')}
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
