/**
 * The formatting toolbar: one tab stop (roving tabindex: ←/→ move between buttons, Home/End go to the
 * first/last), buttons grouped by purpose, `aria-pressed` on toggles, `aria-expanded` on the buttons
 * that open a panel. Unavailable buttons stay focusable with `aria-disabled` (so they can be found
 * and their state read) and do nothing.
 */
import { type KeyboardEvent, useRef, useState } from 'react';

export interface ToolbarItem {
  id: string;
  /** Visible text, also the accessible name. */
  label: string;
  /** Toggles only: whether the format is on at the selection. */
  pressed?: boolean;
  /** Panel openers only: whether their panel is open, and its id. */
  expanded?: boolean;
  controls?: string;
  disabled?: boolean;
  /** `aria-keyshortcuts` value, e.g. "Control+B". */
  keyshortcuts?: string;
  onActivate: (button: HTMLButtonElement) => void;
}

export interface ToolbarGroup {
  label: string;
  items: ToolbarItem[];
}

export function Toolbar({ label, groups }: { label: string; groups: ToolbarGroup[] }) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [active, setActive] = useState(0);
  const count = groups.reduce((total, group) => total + group.items.length, 0);

  const move = (index: number) => {
    const next = (index + count) % count;
    setActive(next);
    buttons.current[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(active + 1),
      ArrowLeft: () => move(active - 1),
      Home: () => move(0),
      End: () => move(count - 1),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  let index = -1;
  return (
    <div role="toolbar" aria-label={label} className="me-toolbar" onKeyDown={onKeyDown}>
      {groups.map((group) => (
        <div role="group" aria-label={group.label} className="me-toolbar-group" key={group.label}>
          {group.items.map((item) => {
            index += 1;
            const position = index;
            return (
              <button
                key={item.id}
                ref={(element) => {
                  buttons.current[position] = element;
                }}
                type="button"
                className="me-button me-tool"
                data-tool={item.id}
                tabIndex={position === active ? 0 : -1}
                aria-pressed={item.pressed}
                aria-expanded={item.expanded}
                aria-controls={item.expanded ? item.controls : undefined}
                aria-disabled={item.disabled || undefined}
                aria-keyshortcuts={item.keyshortcuts}
                onFocus={() => setActive(position)}
                // Keep the editor's focus and selection when a button is clicked with the mouse.
                onMouseDown={(event) => event.preventDefault()}
                onClick={(event) => {
                  if (!item.disabled) item.onActivate(event.currentTarget);
                }}
              >
                {item.label}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
