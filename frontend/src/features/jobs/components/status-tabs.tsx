import { Link } from "react-router";
import { formatNumber } from "@/lib/format";
import { useJobStats } from "../api/get-job-stats";
import { JOB_STATUSES, STATUS_LABELS, type JobStatusType } from "../types";

type StatusTabsProps = {
  selected: JobStatusType[];
  /** The `search` part of the URL that selects the given statuses, other filters kept. */
  hrefFor: (status: JobStatusType[]) => string;
};

export function StatusTabs({ selected, hrefFor }: StatusTabsProps) {
  const stats = useJobStats();
  const tabs: {
    key: string;
    label: string;
    status: JobStatusType[];
    count?: number;
  }[] = [
    { key: "ALL", label: "All", status: [], count: stats.data?.total },
    ...JOB_STATUSES.map((status) => ({
      key: status,
      label: STATUS_LABELS[status],
      status: [status],
      count: stats.data?.by_status[status],
    })),
  ];
  const selectedKey = selected.length === 0 ? "ALL" : selected.join(",");

  return (
    <nav aria-label="Filter by status" className="tabs">
      <ul className="tabs__list">
        {tabs.map((tab) => {
          const isSelected = tab.key === selectedKey;
          return (
            <li key={tab.key}>
              <Link
                to={{ search: hrefFor(tab.status) }}
                className={`tab tab--${tab.key.toLowerCase()}`}
                aria-current={isSelected ? "page" : undefined}
              >
                <span>{tab.label}</span>
                <span className="tab__count num">
                  {tab.count === undefined ? "–" : formatNumber(tab.count)}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
