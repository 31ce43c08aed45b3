import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Form, useNavigate, useSearchParams } from 'react-router';

interface Suggestion {
  type: 'sheet' | 'base' | 'profile';
  label: string;
  url: string;
}

const KIND: Record<Suggestion['type'], string> = { sheet: 'Fiche', base: 'Base', profile: 'Profil' };

/**
 * The header search box: a plain GET form to /recherche (works without JavaScript), enhanced into
 * an ARIA 1.2 combobox that suggests sheets, bases and profiles as you type.
 */
export function SearchBox() {
  const [params] = useSearchParams();
  const [value, setValue] = useState(params.get('q') ?? '');
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const navigate = useNavigate();
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const urlQuery = params.get('q') ?? '';

  // A new page (another search, a shared link) shows its own words.
  useEffect(() => setValue(urlQuery), [urlQuery]);

  // Words typed before the page was interactive are kept by React in the field but not in state:
  // take them over, so that suggestions follow on a slow connection too.
  useEffect(() => {
    const typed = input.current?.value ?? '';
    if (typed && typed !== urlQuery) {
      setValue(typed);
      setOpen(true);
    }
    // Once, at hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const q = value.trim();
    if (q.length < 2) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      fetch(`/api/v1/search/suggestions?q=${encodeURIComponent(q)}`, { signal: controller.signal, credentials: 'same-origin' })
        .then((res) => (res.ok ? (res.json() as Promise<{ suggestions: Suggestion[] }>) : { suggestions: [] }))
        .then((data) => {
          setSuggestions(data.suggestions);
          setActive(-1);
        })
        .catch(() => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [value]);

  const expanded = open && suggestions.length > 0;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    } else if (event.key === 'Enter' && expanded && active >= 0) {
      event.preventDefault();
      setOpen(false);
      void navigate(suggestions[active]!.url);
    }
  }

  return (
    <Form
      method="get"
      action="/recherche"
      role="search"
      aria-label="Sur tout le site"
      className="search-box"
      onSubmit={() => setOpen(false)}
    >
      <label htmlFor="recherche-en-tete" className="visually-hidden">
        Rechercher une fiche, une base ou une collection
      </label>
      <input
        ref={input}
        id="recherche-en-tete"
        type="search"
        name="q"
        placeholder="ex. : hameçonnage"
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => setOpen(true)}
      />
      <button type="submit">Rechercher</button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!expanded}>
        {suggestions.map((s, i) => (
          <li
            key={s.url}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'suggestions__item suggestions__item--active' : 'suggestions__item'}
            onMouseDown={(e) => {
              e.preventDefault();
              setOpen(false);
              void navigate(s.url);
            }}
          >
            <span className="suggestions__kind">{KIND[s.type]}</span> {s.label}
          </li>
        ))}
      </ul>
    </Form>
  );
}
