/**
 * Browser side of an upload: announce the file (name, size, type) so the API can refuse it early,
 * then send its bytes; the API verifies them before keeping anything. Errors carry the API's
 * French message.
 */
import type { FileInfo, Upload } from '@malle/schema/files';

async function failure(response: Response, fallback: string): Promise<Error> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return new Error(body.error?.message ?? fallback);
  } catch {
    return new Error(fallback);
  }
}

export async function uploadFile(input: {
  sheetSlug: string;
  csrfToken: string;
  file: File;
  purpose: 'image' | 'attachment';
}): Promise<{ id: string; name: string; size: number; mediaType: string }> {
  const { file } = input;
  const announced = await fetch(`/api/v1/sheets/${encodeURIComponent(input.sheetSlug)}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': input.csrfToken },
    body: JSON.stringify({ name: file.name, size: file.size, mediaType: file.type, purpose: input.purpose }),
  });
  if (!announced.ok) throw await failure(announced, 'le fichier a été refusé.');
  const upload = (await announced.json()) as Upload;
  const sent = await fetch(upload.uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': input.csrfToken },
    body: file,
  });
  if (!sent.ok) throw await failure(sent, 'l’envoi a échoué. Vérifiez votre connexion et réessayez.');
  const { file: stored } = (await sent.json()) as { file: FileInfo };
  return { id: stored.id, name: stored.name, size: stored.size, mediaType: stored.mediaType };
}
