import { useMutationState } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { jobKeys } from "../api/job-keys";
import type { Job, JobPage } from "../types";
import {
  EMPTY_ROWS,
  expireHighlights,
  reconcileRows,
  revealHeld,
} from "../utils/reconcile-rows";
import { useLiveUpdates } from "./use-live-updates";

/** How long a changed row stays highlighted. */
export const HIGHLIGHT_MS = 3000;

function subscribeScroll(onChange: () => void): () => void {
  window.addEventListener("scroll", onChange, { passive: true });
  return () => window.removeEventListener("scroll", onChange);
}

/** Scrolled down past a few pixels: the top rows may be out of view. */
function isScrolledDown(): boolean {
  return window.scrollY > 4;
}

/** Ids of the jobs this user created in this page's life. */
function useOwnCreatedIds(): ReadonlySet<number> {
  const ids = useMutationState({
    filters: { mutationKey: jobKeys.create(), status: "success" },
    select: (mutation) => (mutation.state.data as Job | undefined)?.id,
  });
  return new Set(ids.filter((id) => id !== undefined));
}

/**
 * The rows to show for a live list (see reconcileRows): new jobs that would push rows
 * down are held while the user is paused, scrolled down or has loaded more pages.
 */
export function useStableRows(
  pages: readonly JobPage[] | undefined,
  listKey: string,
) {
  const { paused } = useLiveUpdates();
  const scrolledDown = useSyncExternalStore(subscribeScroll, isScrolledDown);
  const accepted = useOwnCreatedIds();
  const [state, setState] = useState(EMPTY_ROWS);

  let current = state;
  if (pages && (pages !== state.source || listKey !== state.listKey)) {
    current = reconcileRows(state, pages, {
      listKey,
      holdNew: paused || scrolledDown || pages.length > 1,
      accepted,
    });
    // Adjusting state while rendering: the held rows never reach the screen.
    setState(current);
  }

  const { batch } = current;
  useEffect(() => {
    if (batch === 0) return;
    // Not cleared on the next batch: each batch fades on its own schedule.
    window.setTimeout(
      () => setState((s) => expireHighlights(s, batch)),
      HIGHLIGHT_MS,
    );
  }, [batch]);

  const jobs = pages?.flatMap((page) => page.results) ?? [];
  const rows = jobs.filter((job) => !current.held.has(job.id));
  const heldCount = jobs.length - rows.length;
  const firstHeld = jobs.find((job) => current.held.has(job.id))?.id;

  return {
    rows,
    heldCount,
    isHighlighted: (id: number) => current.highlighted.has(id),
    /** Show the held rows; returns the id of the first one, for focus. */
    reveal: (): number | undefined => {
      setState(revealHeld);
      return firstHeld;
    },
  };
}
