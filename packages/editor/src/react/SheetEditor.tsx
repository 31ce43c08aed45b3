/**
 * The sheet body editor for the browser: a Tiptap editor built from the shared extension list
 * (`createExtensions()`, plus React node views for the atom blocks and keyboard block moving), a
 * French formatting toolbar, insertion panels for the custom blocks and a polite live region.
 *
 * Server rendering: `immediatelyRender: false`, so the server (and the first client render, for
 * hydration) outputs an accessible placeholder; the editor mounts in the browser right after.
 * Styles: import "@malle/editor/react/editor.css" once (no inline styles: the app's CSP forbids them).
 */
import type { Editor, JSONContent } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';

import type { EditorHost } from '../host.ts';
import { AnnounceContext } from './announce.ts';
import { createEditorExtensions } from './extensions.ts';
import { MOVE_BLOCK_SHORTCUTS, type MoveDirection, getBlockMove, selectedTopLevelBlocks } from './move-block.ts';
import { PANELS, type PanelKind } from './panels.tsx';
import { Toolbar, type ToolbarGroup } from './toolbar.tsx';

export interface SheetEditorProps {
  /** The stored document (ProseMirror JSON), read once when the editor mounts. */
  initialContent: JSONContent;
  /** Called with the whole document after every change. */
  onChange: (doc: JSONContent) => void;
  /** Uploads and notices, provided by the app. */
  host: EditorHost;
  /** Id of the visible label of the editing area. */
  labelledBy: string;
}

interface ToolbarState {
  heading2: boolean;
  heading3: boolean;
  heading4: boolean;
  paragraph: boolean;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  link: boolean;
  bulletList: boolean;
  orderedList: boolean;
  blockquote: boolean;
  canHeading: boolean;
  canParagraph: boolean;
  canBold: boolean;
  canItalic: boolean;
  canUnderline: boolean;
  canBulletList: boolean;
  canOrderedList: boolean;
  canBlockquote: boolean;
  canTable: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
}

function readToolbarState(editor: Editor): ToolbarState {
  const can = () => editor.can().chain();
  return {
    heading2: editor.isActive('heading', { level: 2 }),
    heading3: editor.isActive('heading', { level: 3 }),
    heading4: editor.isActive('heading', { level: 4 }),
    paragraph: editor.isActive('paragraph'),
    bold: editor.isActive('bold'),
    italic: editor.isActive('italic'),
    underline: editor.isActive('underline'),
    link: editor.isActive('link'),
    bulletList: editor.isActive('bulletList'),
    orderedList: editor.isActive('orderedList'),
    blockquote: editor.isActive('blockquote'),
    canHeading: can().setHeading({ level: 2 }).run() || editor.isActive('heading'),
    canParagraph: can().setParagraph().run(),
    canBold: can().toggleBold().run(),
    canItalic: can().toggleItalic().run(),
    canUnderline: can().toggleUnderline().run(),
    canBulletList: can().toggleBulletList().run(),
    canOrderedList: can().toggleOrderedList().run(),
    canBlockquote: can().toggleBlockquote().run(),
    canTable: can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    canMoveUp: can().moveBlockUp().run(),
    canMoveDown: can().moveBlockDown().run(),
  };
}

const PANEL_BUTTONS: { kind: Exclude<PanelKind, 'link'>; label: string }[] = [
  { kind: 'callout', label: 'À retenir' },
  { kind: 'image', label: 'Image' },
  { kind: 'attachment', label: 'Pièce jointe' },
  { kind: 'linkCard', label: 'Lien enrichi' },
  { kind: 'video', label: 'Vidéo' },
  { kind: 'quiz', label: 'Quiz' },
];

function moveMessage(editor: Editor, direction: MoveDirection, moved: boolean): string {
  const where = direction === 'up' ? 'haut' : 'bas';
  if (!moved) return `Le bloc est déjà tout en ${where} du document.`;
  const range = selectedTopLevelBlocks(editor.state);
  const position = range ? ` (position ${range.first + 1} sur ${editor.state.doc.childCount})` : '';
  return `Bloc déplacé vers le ${where}${position}.`;
}

export function SheetEditor({ initialContent, onChange, host, labelledBy }: SheetEditorProps) {
  const hintId = useId();
  const panelId = useId();
  // Read once: the editor owns the document afterwards (a new prop object must not reset it).
  const [extensions] = useState(createEditorExtensions);
  const [content] = useState(initialContent);
  const editorProps = useMemo(
    () => ({
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelledBy,
        'aria-describedby': hintId,
        class: 'me-content',
      },
    }),
    [labelledBy, hintId],
  );

  const editor = useEditor({
    extensions,
    content,
    editorProps,
    immediatelyRender: false,
    // The app's Content-Security-Policy refuses injected <style> elements: editor.css has those rules.
    injectCSS: false,
    onUpdate: ({ editor: current }) => onChange(current.getJSON()),
  });

  // When <EditorContent> unmounts, Tiptap drops the React node views and ProseMirror redraws the atoms
  // with their public HTML (video iframes, link card images) while still in the page, which would
  // start loading third-party content. This cleanup runs first and moves the editor's DOM out of the
  // page, where Tiptap expects to find it (it does the same move itself, a moment later).
  useLayoutEffect(() => {
    if (!editor) return;
    return () => {
      if (editor.isDestroyed) return;
      const parent = editor.view.dom.parentNode;
      if (parent) document.createElement('div').append(...Array.from(parent.childNodes));
    };
  }, [editor]);

  // Live region: the same message twice in a row is still announced (the text changes).
  const [announcement, setAnnouncement] = useState({ text: '', count: 0 });
  const announce = useCallback((text: string) => setAnnouncement((previous) => ({ text, count: previous.count + 1 })), []);

  useEffect(() => {
    if (!editor) return;
    const onTransaction = ({
      editor: current,
      transaction,
    }: {
      editor: Editor;
      transaction: Parameters<typeof getBlockMove>[0];
    }) => {
      const move = getBlockMove(transaction);
      if (move) announce(moveMessage(current, move.direction, move.moved));
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
    };
  }, [editor, announce]);

  // Panels: focus moves into the panel when it opens and comes back when it closes (to the button
  // that opened it, or to the editor after an insertion).
  const [panel, setPanel] = useState<PanelKind | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const focusAfterClose = useRef<'opener' | 'editor' | null>(null);

  const openPanel = (kind: PanelKind, button: HTMLElement) => {
    if (panel === kind) {
      focusAfterClose.current = 'opener';
      setPanel(null);
      return;
    }
    opener.current = button;
    setPanel(kind);
  };
  const closePanel = (focus: 'opener' | 'editor') => {
    focusAfterClose.current = focus;
    setPanel(null);
  };

  useEffect(() => {
    if (panel !== null || !focusAfterClose.current) return;
    if (focusAfterClose.current === 'editor') editor?.commands.focus();
    else opener.current?.focus();
    focusAfterClose.current = null;
  }, [panel, editor]);

  const selected = useEditorState({ editor, selector: ({ editor: current }) => (current ? readToolbarState(current) : null) });

  const liveRegion = (
    <div className="me-visually-hidden" role="status" aria-live="polite">
      {announcement.text}
      {announcement.count % 2 === 1 ? '\u00a0' : ''}
    </div>
  );

  if (!editor) {
    return (
      <div className="me-editor me-editor--loading">
        <p className="me-loading" role="status">
          Chargement de l’éditeur…
        </p>
        {liveRegion}
      </div>
    );
  }

  // useEditorState only sees the editor after its first transaction: read the state directly until then.
  const state = selected ?? readToolbarState(editor);
  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => {
    command(editor.chain().focus()).run();
  };
  const move = (direction: MoveDirection) => () => {
    if (direction === 'up') editor.chain().focus().moveBlockUp().run();
    else editor.chain().focus().moveBlockDown().run();
  };

  const groups: ToolbarGroup[] = [
    {
      label: 'Type de paragraphe',
      items: [
        ...([2, 3, 4] as const).map((level) => ({
          id: `heading${level}`,
          label: `Titre ${level}`,
          pressed: state[`heading${level}`],
          disabled: !state.canHeading,
          onActivate: run((chain) => chain.toggleHeading({ level })),
        })),
        {
          id: 'paragraph',
          label: 'Paragraphe',
          pressed: state.paragraph,
          disabled: !state.canParagraph && !state.paragraph,
          onActivate: run((chain) => chain.setParagraph()),
        },
      ],
    },
    {
      label: 'Texte',
      items: [
        {
          id: 'bold',
          label: 'Gras',
          pressed: state.bold,
          disabled: !state.canBold,
          keyshortcuts: 'Control+B',
          onActivate: run((chain) => chain.toggleBold()),
        },
        {
          id: 'italic',
          label: 'Italique',
          pressed: state.italic,
          disabled: !state.canItalic,
          keyshortcuts: 'Control+I',
          onActivate: run((chain) => chain.toggleItalic()),
        },
        {
          id: 'underline',
          label: 'Souligné',
          pressed: state.underline,
          disabled: !state.canUnderline,
          keyshortcuts: 'Control+U',
          onActivate: run((chain) => chain.toggleUnderline()),
        },
        {
          id: 'link',
          label: 'Lien',
          expanded: panel === 'link',
          controls: panelId,
          onActivate: (button) => openPanel('link', button),
        },
      ],
    },
    {
      label: 'Listes et blocs',
      items: [
        {
          id: 'bulletList',
          label: 'Liste à puces',
          pressed: state.bulletList,
          disabled: !state.canBulletList,
          onActivate: run((chain) => chain.toggleBulletList()),
        },
        {
          id: 'orderedList',
          label: 'Liste numérotée',
          pressed: state.orderedList,
          disabled: !state.canOrderedList,
          onActivate: run((chain) => chain.toggleOrderedList()),
        },
        {
          id: 'blockquote',
          label: 'Citation',
          pressed: state.blockquote,
          disabled: !state.canBlockquote,
          onActivate: run((chain) => chain.toggleBlockquote()),
        },
        {
          id: 'table',
          label: 'Tableau',
          disabled: !state.canTable,
          onActivate: () => {
            if (editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()) {
              announce('Tableau inséré : 3 lignes dont une ligne d’en-tête, 3 colonnes.');
            }
          },
        },
      ],
    },
    {
      label: 'Insérer un bloc',
      items: PANEL_BUTTONS.map(({ kind, label }) => ({
        id: kind,
        label,
        expanded: panel === kind,
        controls: panelId,
        onActivate: (button: HTMLButtonElement) => openPanel(kind, button),
      })),
    },
    {
      label: 'Déplacer',
      items: [
        {
          id: 'moveUp',
          label: 'Monter le bloc',
          disabled: !state.canMoveUp,
          keyshortcuts: MOVE_BLOCK_SHORTCUTS.up.aria,
          onActivate: move('up'),
        },
        {
          id: 'moveDown',
          label: 'Descendre le bloc',
          disabled: !state.canMoveDown,
          keyshortcuts: MOVE_BLOCK_SHORTCUTS.down.aria,
          onActivate: move('down'),
        },
      ],
    },
  ];

  const OpenPanel = panel ? PANELS[panel] : null;

  return (
    <AnnounceContext.Provider value={announce}>
      <div className="me-editor">
        <Toolbar label="Mise en forme" groups={groups} />
        <p className="me-hint me-editor-hint" id={hintId}>
          Alt + Maj + flèche haut ou bas : déplacer le bloc où se trouve le curseur.
        </p>
        {OpenPanel ? (
          <div id={panelId} className="me-panel-slot">
            <OpenPanel
              key={panel}
              editor={editor}
              host={host}
              onCancel={() => closePanel('opener')}
              onDone={(message) => {
                closePanel('editor');
                announce(message);
              }}
            />
          </div>
        ) : null}
        <EditorContent editor={editor} className="me-content-frame" />
        {liveRegion}
      </div>
    </AnnounceContext.Provider>
  );
}

export default SheetEditor;
