import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';

interface Props {
  initialContent: unknown;
  labelledBy: string;
  onChange: (doc: unknown) => void;
}

// The Tiptap editor only runs in the browser: loaded after hydration, in its own chunk.
const LazyEditor = lazy(async () => {
  const [{ SheetEditor }] = await Promise.all([import('@malle/editor/react'), import('@malle/editor/react/editor.css')]);
  const Wrapped: ComponentType<Props> = ({ initialContent, labelledBy, onChange }) => (
    <SheetEditor
      initialContent={initialContent as Parameters<typeof SheetEditor>[0]['initialContent']}
      labelledBy={labelledBy}
      onChange={onChange}
      host={{
        // Files arrive with the files work (upload to S3, verification); say so plainly meanwhile.
        uploadFile: () => Promise.reject(new Error('L’ajout de fichiers n’est pas encore disponible sur Malle.')),
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
