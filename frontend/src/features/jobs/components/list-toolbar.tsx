import { useId } from "react";
import { TimeFormatSelect } from "@/components/time-format-select";
import { JOB_SORTS, SORT_LABELS, isJobSort, type JobSort } from "../types";
import { SearchBox } from "./search-box";

type ListToolbarProps = {
  sort: JobSort;
  search: string;
  onSortChange: (sort: JobSort) => void;
  onSearchChange: (search: string) => void;
};

export function ListToolbar({
  sort,
  search,
  onSortChange,
  onSearchChange,
}: ListToolbarProps) {
  const sortId = useId();
  return (
    <div className="toolbar">
      <SearchBox value={search} onChange={onSearchChange} />
      <div className="field">
        <label htmlFor={sortId} className="label">
          Sort by
        </label>
        <select
          id={sortId}
          className="select"
          value={sort}
          onChange={(event) => {
            if (isJobSort(event.target.value)) onSortChange(event.target.value);
          }}
        >
          {JOB_SORTS.map((value) => (
            <option key={value} value={value}>
              {SORT_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <TimeFormatSelect />
    </div>
  );
}
