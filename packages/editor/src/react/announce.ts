/**
 * The editor's polite live region, shared with the node views (they render inside the editor's React
 * tree through portals, so they see this context).
 */
import { createContext, useContext } from 'react';

export type Announce = (message: string) => void;

export const AnnounceContext = createContext<Announce>(() => {});

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
