import { useEffect, useState } from 'react';

/** "Imprimer" (A4 print styles in app.css). Shown once JavaScript runs; browsers print without it. */
export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button button--secondary" onClick={() => window.print()}>
      Imprimer
    </button>
  );
}
