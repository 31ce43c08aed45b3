/** Who is asking, as every service sees them: a signed-in person (or null where anonymous is allowed). */
export interface Viewer {
  id: string;
  email: string;
}
