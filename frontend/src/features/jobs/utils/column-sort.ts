import type { JobSort } from "../types";

export type SortColumn = "name" | "created" | "changed";

/** Each sortable column's two sorts, and the one a first click picks. */
const COLUMN_SORTS: Record<
  SortColumn,
  { ascending: JobSort; descending: JobSort; first: JobSort }
> = {
  name: { ascending: "name_asc", descending: "name_desc", first: "name_asc" },
  created: { ascending: "oldest", descending: "newest", first: "newest" },
  changed: {
    ascending: "changed_oldest",
    descending: "changed_newest",
    first: "changed_newest",
  },
};

/** aria-sort of a column under a sort, or undefined when the list is not sorted by it. */
export function columnSortState(
  column: SortColumn,
  sort: JobSort,
): "ascending" | "descending" | undefined {
  const sorts = COLUMN_SORTS[column];
  if (sort === sorts.ascending) return "ascending";
  if (sort === sorts.descending) return "descending";
  return undefined;
}

/** The sort a click on the column's header asks for: the other direction, or its first. */
export function nextColumnSort(column: SortColumn, sort: JobSort): JobSort {
  const sorts = COLUMN_SORTS[column];
  const state = columnSortState(column, sort);
  if (state === "ascending") return sorts.descending;
  if (state === "descending") return sorts.ascending;
  return sorts.first;
}
