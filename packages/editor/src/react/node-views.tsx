/**
 * Readable node views for the atom blocks (quiz, video, image, attachment, link card): in the editor
 * they show a summary card ("Quiz : 3 questions") and a "Supprimer le bloc" button. Editing an atom
 * is "remove it and insert it again" for now. The public rendering is unchanged (renderHTML).
 */
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { type ComponentType, type ReactNode, useId } from 'react';

import { ATTACHMENT_ROLE_LABELS, type AttachmentAttrs } from '../nodes/attachment.ts';
import type { ImageAttrs } from '../nodes/image.ts';
import type { LinkCardAttrs } from '../nodes/link-card.ts';
import type { QuizAttrs } from '../nodes/quiz.ts';
import type { VideoAttrs } from '../nodes/video.ts';
import { displayHost } from '../url.ts';
import { VIDEO_PROVIDER_LABELS, isValidVideoSource, videoPageUrl } from '../video.ts';
import { useAnnounce } from './announce.ts';

interface AtomCardProps {
  view: ReactNodeViewProps;
  /** The block's kind, also its data-type ("quiz", "video"…). */
  kind: string;
  /** One line: "Quiz : 3 questions". */
  summary: string;
  children?: ReactNode;
}

function AtomCard({ view, kind, summary, children }: AtomCardProps) {
  const announce = useAnnounce();
  const summaryId = useId();
  const remove = () => {
    view.deleteNode();
    view.editor.commands.focus();
    announce(`Bloc supprimé : ${summary}.`);
  };
  return (
    <NodeViewWrapper
      className={`me-atom me-atom--${kind}${view.selected ? ' me-atom--selected' : ''}`}
      data-type={kind}
      contentEditable={false}
    >
      <p className="me-atom-summary" id={summaryId}>
        {summary}
      </p>
      {children}
      <button type="button" className="me-button me-atom-remove" aria-describedby={summaryId} onClick={remove}>
        Supprimer le bloc
      </button>
    </NodeViewWrapper>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function QuizView(view: ReactNodeViewProps) {
  const { questions } = view.node.attrs as QuizAttrs;
  const list = Array.isArray(questions) ? questions : [];
  return (
    <AtomCard view={view} kind="quiz" summary={`Quiz : ${plural(list.length, 'question', 'questions')}`}>
      <ol className="me-atom-details">
        {list.map((question) => (
          <li key={question.id}>
            {question.prompt} ({plural(question.choices.length, 'réponse', 'réponses')},{' '}
            {plural(question.choices.filter((choice) => choice.correct).length, 'juste', 'justes')})
          </li>
        ))}
      </ol>
    </AtomCard>
  );
}

export function VideoView(view: ReactNodeViewProps) {
  const attrs = view.node.attrs as VideoAttrs;
  const source = { provider: attrs.provider, videoId: attrs.videoId, host: attrs.host ?? null };
  const provider = VIDEO_PROVIDER_LABELS[attrs.provider] ?? 'inconnue';
  const title = attrs.title ? attrs.title : '(sans titre)';
  return (
    <AtomCard view={view} kind="video" summary={`Vidéo ${provider} : ${title}`}>
      {isValidVideoSource(source) ? <p className="me-atom-details">{videoPageUrl(source)}</p> : null}
    </AtomCard>
  );
}

export function ImageView(view: ReactNodeViewProps) {
  const attrs = view.node.attrs as ImageAttrs;
  return (
    <AtomCard view={view} kind="image" summary={`Image : ${attrs.alt}`}>
      {attrs.caption ? <p className="me-atom-details">Légende : {attrs.caption}</p> : null}
    </AtomCard>
  );
}

export function AttachmentView(view: ReactNodeViewProps) {
  const attrs = view.node.attrs as AttachmentAttrs;
  const role = ATTACHMENT_ROLE_LABELS[attrs.role] ?? ATTACHMENT_ROLE_LABELS.autre;
  return <AtomCard view={view} kind="attachment" summary={`Pièce jointe (${role}) : ${attrs.label}`} />;
}

export function LinkCardView(view: ReactNodeViewProps) {
  const attrs = view.node.attrs as LinkCardAttrs;
  return (
    <AtomCard view={view} kind="link-card" summary={`Lien enrichi : ${attrs.title}`}>
      <p className="me-atom-details">{displayHost(attrs.url)}</p>
      {attrs.description ? <p className="me-atom-details">{attrs.description}</p> : null}
    </AtomCard>
  );
}

/** Node name → its editor view. */
export const ATOM_NODE_VIEWS: Record<string, ComponentType<ReactNodeViewProps>> = {
  quiz: QuizView,
  video: VideoView,
  image: ImageView,
  attachment: AttachmentView,
  linkCard: LinkCardView,
};
