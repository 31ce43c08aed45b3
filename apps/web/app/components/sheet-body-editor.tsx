import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { uploadFile } from '../lib/upload.ts';

interface Props {
  initialContent: unknown;
  labelledBy: string;
  onChange: (doc: unknown) => void;
  /** The sheet the uploaded files belong to. */
  sheetSlug: string;
  csrfToken: string;
}

// The Tiptap editor only runs in the browser: loaded after hydration, in its own chunk.
const LazyEditor = lazy(async () => {
  const [{ SheetEditor }] = await Promise.all([import('@malle/editor/react'), import('@malle/editor/react/editor.css')]);
  const Wrapped: ComponentType<Props> = ({ initialContent, labelledBy, onChange, sheetSlug, csrfToken }) => (
    <SheetEditor
      initialContent={initialContent as Parameters<typeof SheetEditor>[0]['initialContent']}
      labelledBy={labelledBy}
      onChange={onChange}
      host={{
        uploadFile: (file, purpose) => uploadFile({ sheetSlug, csrfToken, file, purpose }),
        notify: () => undefined,
      }}
    />
  );
  return { default: Wrapped };
});

/** The body editor; without JavaScript, the content is kept as is and a notice says why. */
export function SheetBodyEditor(props: Props) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const fallback = (
    <p className="alert alert--info">
      L’éditeur de contenu a besoin de JavaScript. Le titre, le résumé, l’indexation et la publication fonctionnent sans.
    </p>
  );
  if (!mounted) return fallback;
  return (
    <Suspense fallback={<p className="muted">Chargement de l’éditeur…</p>}>
      <LazyEditor {...props} />
    </Suspense>
  );
}
