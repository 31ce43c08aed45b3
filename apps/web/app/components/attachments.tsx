import type { Attachment } from '@malle/schema/files';

const pages = (kind: string, count: number) =>
  kind === 'slides' ? `${count} diapositive${count > 1 ? 's' : ''}` : `${count} page${count > 1 ? 's' : ''}`;

/**
 * The documents of a version: thumbnail, role, type, size, pages, a PDF preview on demand and the
 * download. Links go through the API, which checks access before handing out a short-lived link.
 */
export function Attachments({ attachments, canEdit }: { attachments: Attachment[]; canEdit: boolean }) {
  if (attachments.length === 0) return null;
  return (
    <section aria-labelledby="titre-documents" className="panel attachments">
      <h2 id="titre-documents">Documents de la fiche</h2>
      <ul className="attachment-list">
        {attachments.map((a, i) => {
          const f = a.file;
          const details = f
            ? [f.typeLabel, f.sizeLabel, f.pageCount ? pages(f.kind, f.pageCount) : null].filter(Boolean).join(' · ')
            : 'Fichier indisponible';
          const titleId = `document-${i}`;
          return (
            <li key={`${f?.id ?? 'absent'}-${i}`} className="attachment-card" aria-labelledby={titleId}>
              <div className="attachment-card__thumb" aria-hidden="true">
                {f?.thumbnailUrl ? (
                  <img src={f.thumbnailUrl} alt="" loading="lazy" width={120} />
                ) : (
                  <span className={`file-icon file-icon--${f?.kind ?? 'absent'}`}>{f ? f.typeLabel.split(' ')[0] : '?'}</span>
                )}
              </div>
              <div className="attachment-card__body">
                <p className="attachment-card__role">{a.roleLabel}</p>
                <h3 id={titleId} className="attachment-card__title">
                  {a.label}
                </h3>
                <p className="muted">{details}</p>
                {f?.status === 'processing' ? <p className="muted">Aperçu en préparation…</p> : null}
                {f?.status === 'unreadable' ? (
                  <p className="alert alert--warning">
                    Fichier illisible{canEdit && f.unreadableReason ? ` : ${f.unreadableReason}` : '.'}
                    {canEdit ? ' Remplacez-le par une version saine.' : ''}
                  </p>
                ) : null}
                <div className="actions no-print">
                  {f?.downloadUrl ? (
                    <a href={f.downloadUrl} download={f.name} className="button button--secondary">
                      Télécharger<span className="visually-hidden"> {a.label}</span> ({f.sizeLabel})
                    </a>
                  ) : null}
                </div>
                {f?.previewUrl ? (
                  <details className="pdf-preview no-print">
                    <summary>
                      Aperçu du PDF<span className="visually-hidden"> {a.label}</span>
                    </summary>
                    <iframe src={f.previewUrl} title={`Aperçu du PDF : ${a.label}`} loading="lazy" />
                  </details>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
