// What every view reads: the words and formats of the chosen language, and who the user is.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Formats, formats, type Lang, MESSAGES, type Messages } from './i18n.ts';
import type { Brand, Me } from './types.ts';

export interface Shared {
  lang: Lang;
  t: Messages;
  f: Formats;
  /** Who the API takes the user for (GET /v1/me); null until known. */
  me: Me | null;
  brands: Brand[];
  /** Bumped after each write, so that lists read the new workflow state. */
  version: number;
  wrote: () => void;
  navigate: (hash: string, replace?: boolean) => void;
}

export const SharedContext = createContext<Shared>({
  lang: 'fr',
  t: MESSAGES.fr,
  f: formats('fr'),
  me: null,
  brands: [],
  version: 0,
  wrote: () => {},
  navigate: () => {},
});

export const useShared = () => useContext(SharedContext);

/** A brand's display name, or its id when the list does not have it. */
export function brandName(brands: Brand[], id: string): string {
  return brands.find((b) => b.id === id)?.name ?? id;
}
