import { useState } from "react";

/** Rows picked one by one, or every job matching the list's filter. */
export type Selection =
  { kind: "ids"; ids: ReadonlySet<number> } | { kind: "all" };

const NONE: Selection = { kind: "ids", ids: new Set() };

export type JobSelection = ReturnType<typeof useJobSelection>;

/**
 * The list's selection. It belongs to one view of the list: it survives "Load more"
 * and live refreshes, and starts empty again when `listKey` (filter, sort, search)
 * changes. Only loaded rows count: a job that left the list (changed or deleted
 * elsewhere) drops out of the selection instead of being acted on unseen.
 */
export function useJobSelection(listKey: string, loadedIds: readonly number[]) {
  const [state, setState] = useState({ listKey, selection: NONE });
  let selection = state.selection;
  if (state.listKey !== listKey) {
    selection = NONE;
    // Adjusting state while rendering: the old view's selection never shows.
    setState({ listKey, selection });
  }
  const set = (next: Selection) => setState({ listKey, selection: next });

  const picked = selection.kind === "ids" ? selection.ids : null;
  const allMatching = picked === null;
  const selectedIds = picked
    ? loadedIds.filter((id) => picked.has(id))
    : [...loadedIds];
  const loadedState: "none" | "some" | "all" =
    selectedIds.length === 0
      ? "none"
      : selectedIds.length === loadedIds.length
        ? "all"
        : "some";

  return {
    /** Every job matching the filter, loaded or not. */
    allMatching,
    /** The loaded rows that are selected, in list order. */
    selectedIds,
    /** Whether none, some or all of the loaded rows are selected. */
    loadedState,
    isSelected: (id: number) => picked === null || picked.has(id),
    toggle: (id: number) => {
      const ids = new Set(selectedIds);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      set({ kind: "ids", ids });
    },
    /** The header checkbox: select every loaded row, or none. */
    setAllLoaded: (checked: boolean) => {
      set({ kind: "ids", ids: new Set(checked ? loadedIds : []) });
    },
    selectAllMatching: () => set({ kind: "all" }),
    clear: () => set(NONE),
  };
}
