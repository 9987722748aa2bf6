import { describe, expect, it } from "vitest";
import type { Job } from "../types";
import {
  EMPTY_ROWS,
  expireHighlights,
  reconcileRows,
  revealHeld,
  type RowsState,
} from "./reconcile-rows";

function job(id: number, updated = "2026-11-29T10:00:00Z"): Job {
  return {
    id,
    name: `job ${id}`,
    current_status: "PENDING",
    current_status_at: updated,
    created_at: "2026-11-29T10:00:00Z",
    updated_at: updated,
    status_history: [],
  };
}

const page = (...ids: number[]) => ({ results: ids.map((id) => job(id)) });
const opts = { listKey: "k", holdNew: true, accepted: new Set<number>() };
const shown = (state: RowsState, pages: { results: Job[] }[]) =>
  pages
    .flatMap((p) => p.results)
    .filter((j) => !state.held.has(j.id))
    .map((j) => j.id);

describe("reconcileRows", () => {
  it("shows the first answer whole", () => {
    const pages = [page(3, 2, 1)];
    const state = reconcileRows(EMPTY_ROWS, pages, opts);
    expect(shown(state, pages)).toEqual([3, 2, 1]);
    expect(state.highlighted.size).toBe(0);
  });

  it("holds jobs that arrive above shown rows", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(3, 2, 1)], opts);
    const pages = [page(5, 4, 3, 2, 1)];
    const next = reconcileRows(first, pages, opts);
    expect([...next.held]).toEqual([5, 4]);
    expect(shown(next, pages)).toEqual([3, 2, 1]);
  });

  it("lets them in, highlighted, when not holding", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const next = reconcileRows(first, [page(3, 2, 1)], {
      ...opts,
      holdNew: false,
    });
    expect(next.held.size).toBe(0);
    expect([...next.highlighted.keys()]).toEqual([3]);
  });

  it("lets in the user's own new job while holding others", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const next = reconcileRows(first, [page(4, 3, 2, 1)], {
      ...opts,
      accepted: new Set([3]),
    });
    expect([...next.held]).toEqual([4]);
    expect(next.highlighted.has(3)).toBe(true);
  });

  it("takes a page that Load more appended, and a row that filled up the end, as no news", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(5, 4, 3)], opts);
    const more = reconcileRows(first, [page(5, 4, 3), page(2, 1)], opts);
    expect(more.held.size).toBe(0);
    expect(more.highlighted.size).toBe(0);
    // 4 was deleted elsewhere: the pages refill from below.
    const refill = reconcileRows(more, [page(5, 3, 2), page(1, 0)], opts);
    expect(refill.held.size).toBe(0);
    expect(refill.known.has(0)).toBe(true);
  });

  it("highlights a shown row that changed", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const next = reconcileRows(
      first,
      [{ results: [job(2, "2026-11-29T11:00:00Z"), job(1)] }],
      opts,
    );
    expect([...next.highlighted.keys()]).toEqual([2]);
    expect(next.batch).toBe(first.batch + 1);
  });

  it("starts over for another list", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const other = reconcileRows(first, [page(9, 8)], {
      ...opts,
      listKey: "other",
    });
    expect(other.held.size).toBe(0);
    expect([...other.known]).toEqual([9, 8]);
  });

  it("drops held ids that left the list", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const held = reconcileRows(first, [page(3, 2, 1)], opts);
    expect(held.held.size).toBe(1);
    const gone = reconcileRows(held, [page(2, 1)], opts);
    expect(gone.held.size).toBe(0);
  });
});

describe("revealHeld and expireHighlights", () => {
  it("shows every held row highlighted, then the highlight expires", () => {
    const first = reconcileRows(EMPTY_ROWS, [page(2, 1)], opts);
    const held = reconcileRows(first, [page(4, 3, 2, 1)], opts);
    const revealed = revealHeld(held);
    expect(revealed.held.size).toBe(0);
    expect([...revealed.highlighted.keys()].sort()).toEqual([3, 4]);
    expect(expireHighlights(revealed, revealed.batch).highlighted.size).toBe(0);
    expect(expireHighlights(revealed, revealed.batch - 1)).toBe(revealed);
  });
});
