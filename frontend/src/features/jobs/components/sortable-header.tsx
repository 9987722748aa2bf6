import type { ReactNode } from "react";
import { useJobFilters } from "../hooks/use-job-filters";
import {
  columnSortState,
  nextColumnSort,
  type SortColumn,
} from "../utils/column-sort";

/**
 * A column header that sorts the list: a button in the header cell, with aria-sort on
 * the cell. It reads and writes the sort in the URL, like the sort control.
 */
export function SortableHeader({
  column,
  children,
  className,
}: {
  column: SortColumn;
  children: ReactNode;
  className?: string;
}) {
  const { filters, setSort } = useJobFilters();
  const state = columnSortState(column, filters.sort);
  return (
    <th scope="col" aria-sort={state} className={className}>
      <button
        type="button"
        className="sort-button"
        onClick={() => setSort(nextColumnSort(column, filters.sort))}
      >
        {children}
        <span className="sort-button__arrow" aria-hidden="true">
          {state === "ascending" ? "↑" : state === "descending" ? "↓" : "↕"}
        </span>
      </button>
    </th>
  );
}
