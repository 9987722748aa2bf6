import {
  Fragment,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { createPortal } from "react-dom";

export type MenuItem = {
  id: string;
  label: string;
  onSelect: () => void;
  tone?: "danger";
  /** Items in a row with the same group are shown together, under its name. */
  group?: string;
};

/** Items in runs of one group (or of none), in their order. */
function segments(items: MenuItem[]): { group?: string; items: MenuItem[] }[] {
  const out: { group?: string; items: MenuItem[] }[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.group === item.group) last.items.push(item);
    else out.push({ group: item.group, items: [item] });
  }
  return out;
}

type MenuButtonProps = {
  /** Visible content of the button. */
  children: ReactNode;
  /** Accessible name; must start with the visible text. */
  label: string;
  items: MenuItem[];
  className?: string;
  /** For a roving tab stop (a table row's controls); 0 by default. */
  tabIndex?: number;
};

/**
 * A menu button after the WAI-ARIA pattern: Enter, Space or Down opens on the first item,
 * Up on the last; arrows, Home, End and a letter move; Escape and Tab close and return
 * to the button. The menu is fixed-positioned in a portal so scrolling containers never
 * clip it.
 */
export function MenuButton({
  children,
  label,
  items,
  className,
  tabIndex,
}: MenuButtonProps) {
  const menuId = useId();
  const buttonId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [startAt, setStartAt] = useState<"first" | "last">("first");

  function itemElements(): HTMLElement[] {
    return Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
  }

  function close({ focusButton }: { focusButton: boolean }) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  function openAt(position: "first" | "last") {
    setStartAt(position);
    setOpen(true);
  }

  useLayoutEffect(() => {
    if (!open) return;
    const button = buttonRef.current;
    const menu = menuRef.current;
    if (!button || !menu) return;
    const rect = button.getBoundingClientRect();
    const height = menu.offsetHeight;
    const below = rect.bottom + 4 + height <= window.innerHeight;
    menu.style.top = `${below ? rect.bottom + 4 : Math.max(4, rect.top - 4 - height)}px`;
    menu.style.right = `${Math.max(4, window.innerWidth - rect.right)}px`;
    const elements = itemElements();
    (startAt === "first"
      ? elements[0]
      : elements[elements.length - 1]
    )?.focus();
  }, [open, startAt]);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      const target = event.target as Node;
      if (
        menuRef.current?.contains(target) ||
        buttonRef.current?.contains(target)
      ) {
        return;
      }
      setOpen(false);
    }
    function onViewportChange() {
      setOpen(false);
    }
    document.addEventListener("pointerdown", onPointerDown);
    window.addEventListener("resize", onViewportChange);
    window.addEventListener("scroll", onViewportChange, true);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      window.removeEventListener("resize", onViewportChange);
      window.removeEventListener("scroll", onViewportChange, true);
    };
  }, [open]);

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      openAt("first");
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt("last");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const elements = itemElements();
    const index = elements.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) =>
      elements[(i + elements.length) % elements.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(elements.length - 1);
        break;
      case "Escape":
      case "Tab":
        event.preventDefault();
        close({ focusButton: true });
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const letter = event.key.toLowerCase();
          const order = [
            ...elements.slice(index + 1),
            ...elements.slice(0, index + 1),
          ];
          order
            .find((el) =>
              el.textContent?.trim().toLowerCase().startsWith(letter),
            )
            ?.focus();
        }
    }
  }

  return (
    <>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={className ?? "button"}
        aria-label={label}
        tabIndex={tabIndex}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close({ focusButton: false }) : openAt("first"))}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open
        ? createPortal(
            <ul
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-labelledby={buttonId}
              className="menu"
              onKeyDown={onMenuKeyDown}
            >
              {segments(items).map((segment, index) => {
                const rendered = segment.items.map((item) => (
                  <li key={item.id} role="none">
                    <button
                      type="button"
                      role="menuitem"
                      tabIndex={-1}
                      className={`menu__item${item.tone === "danger" ? " menu__item--danger" : ""}`}
                      onClick={() => {
                        close({ focusButton: true });
                        item.onSelect();
                      }}
                    >
                      {item.label}
                    </button>
                  </li>
                ));
                const key = segment.items[0]?.id ?? index;
                return (
                  <Fragment key={key}>
                    {index > 0 ? (
                      <li role="separator" className="menu__separator" />
                    ) : null}
                    {segment.group ? (
                      <li role="none">
                        <ul role="group" aria-label={segment.group}>
                          <li role="none">
                            <span aria-hidden="true" className="menu__heading">
                              {segment.group}
                            </span>
                          </li>
                          {rendered}
                        </ul>
                      </li>
                    ) : (
                      rendered
                    )}
                  </Fragment>
                );
              })}
            </ul>,
            document.body,
          )
        : null}
    </>
  );
}
