import { useId, useRef, useState } from "react";
import { PlusIcon } from "@/components/icons";
import { ActivityChart } from "@/features/jobs/components/activity-chart";
import { CreateJobForm } from "@/features/jobs/components/create-job-form";
import { ExportLink } from "@/features/jobs/components/export-link";
import { JobList } from "@/features/jobs/components/job-list";
import { ListToolbar } from "@/features/jobs/components/list-toolbar";
import { StatusTabs } from "@/features/jobs/components/status-tabs";
import { TimeRangeFilter } from "@/features/jobs/components/time-range-filter";
import {
  hasActiveFilters,
  useJobFilters,
} from "@/features/jobs/hooks/use-job-filters";
import { chartRangeFor } from "@/features/jobs/utils/time-range";
import { useDocumentTitle } from "@/hooks/use-document-title";
import { useShortcut } from "@/hooks/use-shortcut";
import { useCan } from "@/lib/auth/authorization";

export function JobsRoute() {
  const {
    filters,
    timeRange,
    setStatus,
    setSort,
    setSearch,
    setTimePreset,
    setCustomTimeRange,
    clearTimeRange,
    clear,
    searchFor,
  } = useJobFilters();
  useDocumentTitle("Jobs");
  const canCreate = useCan("create");
  const [creating, setCreating] = useState(false);
  const newJobRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useShortcut("n", () => setCreating(true), canCreate);

  function closeCreate() {
    setCreating(false);
    newJobRef.current?.focus();
  }

  return (
    <>
      <div className="page-header">
        <h1>Jobs</h1>
        {canCreate ? (
          <button
            ref={newJobRef}
            type="button"
            className="button button--primary"
            aria-expanded={creating}
            aria-controls={creating ? panelId : undefined}
            onClick={() => (creating ? closeCreate() : setCreating(true))}
          >
            <PlusIcon />
            New job
          </button>
        ) : null}
      </div>
      {canCreate && creating ? (
        <section
          id={panelId}
          aria-labelledby="create-heading"
          className="panel"
        >
          <h2 id="create-heading" className="panel__title">
            New job
          </h2>
          <CreateJobForm onCancel={closeCreate} />
        </section>
      ) : null}
      <section aria-labelledby="list-heading" className="list-section">
        <h2 id="list-heading" className="visually-hidden">
          Job list
        </h2>
        <div className="list-controls">
          <StatusTabs
            selected={filters.status}
            hrefFor={(status) => searchFor({ status })}
            onChange={setStatus}
          />
          <ListToolbar
            sort={filters.sort}
            search={filters.search}
            onSortChange={setSort}
            onSearchChange={setSearch}
          />
        </div>
        <div className="list-controls list-controls--time">
          <TimeRangeFilter
            kind={timeRange}
            filters={filters}
            onPreset={setTimePreset}
            onCustom={setCustomTimeRange}
            onClear={clearTimeRange}
          />
          <ExportLink filters={filters} />
        </div>
        <ActivityChart range={chartRangeFor(timeRange)} />
        <JobList
          filters={filters}
          hasFilters={hasActiveFilters(filters)}
          onClearFilters={clear}
        />
      </section>
    </>
  );
}
