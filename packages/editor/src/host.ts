/**
 * What the host application gives the editor. The package never imports the app's HTTP client:
 * uploads and notices are injected, so the same editor runs in the web app, in tests and in
 * Storybook-like sandboxes. The Tiptap extensions and the server renderer arrive with the sheets
 * work (see docs/decisions).
 */
export interface EditorHost {
  /** Uploads a file for an image or attachment block and returns its stored id and display data. */
  uploadFile(file: File, purpose: 'image' | 'attachment'): Promise<{ id: string; name: string; size: number; mediaType: string }>;
  /** Shows a short message to the person editing (French), e.g. an upload refusal. */
  notify(message: string, tone: 'info' | 'success' | 'error'): void;
}
