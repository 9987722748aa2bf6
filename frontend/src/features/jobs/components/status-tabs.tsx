import { Link } from "react-router";
import { formatNumber } from "@/lib/format";
import { useJobStats } from "../api/get-job-stats";
import { JOB_STATUSES, STATUS_LABELS, type JobStatusType } from "../types";

/** The quick view operators start triage with. */
const ATTENTION_STATUSES: JobStatusType[] = ["RUNNING", "FAILED"];

type StatusTabsProps = {
  /** The statuses the list shows; empty means all of them. */
  selected: JobStatusType[];
  /** The `search` part of the URL that selects the given statuses, other filters kept. */
  hrefFor: (status: JobStatusType[]) => string;
  onChange: (status: JobStatusType[]) => void;
};

const sameSet = (a: JobStatusType[], b: JobStatusType[]) =>
  a.length === b.length && a.every((status) => b.includes(status));

/**
 * A tab shows only its status (or the quick view's); each status's checkbox adds it to
 * the list or takes it out, for any union. With no status filter every box is ticked,
 * and the last ticked box can't be cleared: a view of no status would be empty.
 */
export function StatusTabs({ selected, hrefFor, onChange }: StatusTabsProps) {
  const stats = useJobStats();
  const counts = stats.data?.by_status;
  const included = selected.length === 0 ? JOB_STATUSES : selected;

  function toggle(status: JobStatusType, include: boolean) {
    const next = JOB_STATUSES.filter((s) =>
      s === status ? include : included.includes(s),
    );
    // Every status ticked is the unfiltered list: no parameter, the All tab.
    onChange(next.length === JOB_STATUSES.length ? [] : next);
  }

  const quickCount = counts
    ? ATTENTION_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0)
    : undefined;

  return (
    <nav aria-label="Filter by status" className="tabs">
      <ul className="tabs__list">
        <li>
          <TabLink
            to={hrefFor([])}
            current={selected.length === 0}
            label="All"
            count={stats.data?.total}
            className="tab--all"
          />
        </li>
        <li>
          <TabLink
            to={hrefFor(ATTENTION_STATUSES)}
            current={sameSet(selected, ATTENTION_STATUSES)}
            label={ATTENTION_STATUSES.map((s) => STATUS_LABELS[s]).join(" + ")}
            count={quickCount}
            className="tab--quick"
          />
        </li>
        {JOB_STATUSES.map((status) => {
          const isIncluded = included.includes(status);
          const onlyOne = isIncluded && included.length === 1;
          const filtered = selected.length > 0;
          return (
            <li
              key={status}
              className={`tab-pair${filtered && isIncluded ? " is-included" : ""}`}
            >
              <input
                type="checkbox"
                className="tab-pair__check"
                aria-label={`Include ${STATUS_LABELS[status]}`}
                title={
                  onlyOne
                    ? "At least one status stays selected"
                    : `Include ${STATUS_LABELS[status]} in the list`
                }
                checked={isIncluded}
                disabled={onlyOne}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              <TabLink
                to={hrefFor([status])}
                current={selected.length === 1 && selected[0] === status}
                label={STATUS_LABELS[status]}
                count={counts?.[status]}
                className={`tab--${status.toLowerCase()}`}
              />
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function TabLink({
  to,
  current,
  label,
  count,
  className,
}: {
  to: string;
  current: boolean;
  label: string;
  count: number | undefined;
  className: string;
}) {
  return (
    <Link
      to={{ search: to }}
      className={`tab ${className}`}
      aria-current={current ? "page" : undefined}
    >
      <span>{label}</span>
      <span className="tab__count num">
        {count === undefined ? "–" : formatNumber(count)}
      </span>
    </Link>
  );
}
