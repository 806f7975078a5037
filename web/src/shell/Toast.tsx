// A message over the map: good news goes after a few seconds, a refusal stays until it
// is read and closed.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ToastMessage {
  text: string;
  bad?: boolean;
}

export function useToast(ms = 5000) {
  const [toast, setToast] = useState<ToastMessage | null>(null);
  useEffect(() => {
    if (!toast || toast.bad) return;
    const timer = setTimeout(() => setToast(null), ms);
    return () => clearTimeout(timer);
  }, [toast, ms]);
  const say = useCallback((text: string, bad = false) => setToast({ text, bad }), []);
  return { toast, say, setToast };
}

export function Toast({ toast, onClose }: { toast: ToastMessage | null; onClose(): void }) {
  const { t } = useTranslation();
  if (!toast) return null;
  return (
    <div className={`toast ${toast.bad ? 'bad' : ''}`} role={toast.bad ? 'alert' : 'status'}>
      {toast.text}
      {toast.bad && (
        <button type="button" className="close" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}
