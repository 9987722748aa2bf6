import type { Job } from "../types";

/**
 * Which rows of a live list the user sees. A refetch may bring jobs the user has not
 * seen; those that would land above rows already shown are held back (counted in the
 * "N new jobs" banner) while `holdNew` is true, so the rows under the pointer stay put.
 * Rows that changed in place, and rows that were let in, are highlighted.
 */
type Page = { readonly results: readonly Job[] };

export type RowsState = {
  /** The pages last reconciled, to tell a new answer from a re-render. */
  source: readonly Page[] | null;
  /** Filters, sort and search: a different list starts over. */
  listKey: string;
  /** Ids shown (or let in) since this list was opened. */
  known: ReadonlySet<number>;
  /** Ids held back from view. */
  held: ReadonlySet<number>;
  /** What a shown row looked like, to notice changes in place. */
  signatures: ReadonlyMap<number, string>;
  /** Highlighted ids and the batch that highlighted them. */
  highlighted: ReadonlyMap<number, number>;
  /** The newest highlight batch; each reconcile that highlights starts one. */
  batch: number;
};

export const EMPTY_ROWS: RowsState = {
  source: null,
  listKey: "",
  known: new Set(),
  held: new Set(),
  signatures: new Map(),
  highlighted: new Map(),
  batch: 0,
};

function signature(job: Job): string {
  return `${job.updated_at}|${job.current_status}|${job.name}`;
}

export type ReconcileOptions = {
  listKey: string;
  /** Hold back new jobs that would land above shown rows (paused, scrolled, more pages). */
  holdNew: boolean;
  /** Ids to show even while holding (jobs this user just created). */
  accepted: ReadonlySet<number>;
};

export function reconcileRows(
  prev: RowsState,
  pages: readonly Page[],
  { listKey, holdNew, accepted }: ReconcileOptions,
): RowsState {
  const jobs = pages.flatMap((page) => page.results);
  const signatures = new Map(jobs.map((job) => [job.id, signature(job)]));

  if (prev.source === null || prev.listKey !== listKey) {
    return {
      ...EMPTY_ROWS,
      source: pages,
      listKey,
      known: new Set(signatures.keys()),
      signatures,
      batch: prev.batch,
    };
  }

  // Pages that "Load more" appended are what the user asked for, not news.
  const appended = new Set(
    pages
      .slice(prev.source.length)
      .flatMap((page) => page.results.map((job) => job.id)),
  );
  let lastKnownIndex = -1;
  jobs.forEach((job, index) => {
    if (prev.known.has(job.id)) lastKnownIndex = index;
  });

  const known = new Set(prev.known);
  const held = new Set<number>();
  const fresh: number[] = [];
  jobs.forEach((job, index) => {
    const { id } = job;
    if (known.has(id)) {
      if (prev.signatures.get(id) !== signatures.get(id)) fresh.push(id);
    } else if (appended.has(id) || index > lastKnownIndex) {
      // Below every shown row (a page filled up after a delete): nothing moves.
      known.add(id);
    } else if (!holdNew || accepted.has(id)) {
      known.add(id);
      fresh.push(id);
    } else {
      held.add(id);
    }
  });

  const batch = fresh.length > 0 ? prev.batch + 1 : prev.batch;
  const highlighted = new Map(prev.highlighted);
  fresh.forEach((id) => highlighted.set(id, batch));
  return {
    source: pages,
    listKey,
    known,
    held,
    signatures,
    highlighted,
    batch,
  };
}

/** Let every held row in, highlighted. */
export function revealHeld(state: RowsState): RowsState {
  if (state.held.size === 0) return state;
  const batch = state.batch + 1;
  const highlighted = new Map(state.highlighted);
  state.held.forEach((id) => highlighted.set(id, batch));
  return {
    ...state,
    known: new Set([...state.known, ...state.held]),
    held: new Set(),
    highlighted,
    batch,
  };
}

/** Drop the highlights of `batch` and older. */
export function expireHighlights(state: RowsState, batch: number): RowsState {
  const highlighted = new Map(
    [...state.highlighted].filter(([, b]) => b > batch),
  );
  return highlighted.size === state.highlighted.size
    ? state
    : { ...state, highlighted };
}
