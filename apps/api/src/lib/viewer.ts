/** Who is asking, as every service sees them: a signed-in person (or null where anonymous is allowed). */
export interface Viewer {
  id: string;
  email: string;
}

/** The signed-in person a session belongs to, as the session plugin hands it to routes. */
export interface SessionUser extends Viewer {
  displayName: string;
  bio: string;
  departement: string | null;
  profilePublic: boolean;
  createdAt: Date;
}

/** A live session: who, and the CSRF token its writes must carry. */
export interface AuthenticatedSession {
  sessionId: string;
  user: SessionUser;
  csrfToken: string;
}
