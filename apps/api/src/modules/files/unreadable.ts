/** A file that cannot be processed, with a short French reason shown to its editors. */
export class Unreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Unreadable';
  }
}
