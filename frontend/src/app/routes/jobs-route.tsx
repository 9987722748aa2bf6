import { CreateJobForm } from "@/features/jobs/components/create-job-form";
import { JobList } from "@/features/jobs/components/job-list";
import { ListToolbar } from "@/features/jobs/components/list-toolbar";
import { StatusTabs } from "@/features/jobs/components/status-tabs";
import {
  hasActiveFilters,
  useJobFilters,
} from "@/features/jobs/hooks/use-job-filters";
import { useDocumentTitle } from "@/hooks/use-document-title";

export function JobsRoute() {
  const { filters, setSort, setSearch, clear, searchFor } = useJobFilters();
  useDocumentTitle("Jobs");

  return (
    <>
      <div className="page-header">
        <h1>Jobs</h1>
      </div>
      <section aria-labelledby="create-heading" className="panel">
        <h2 id="create-heading" className="panel__title">
          New job
        </h2>
        <CreateJobForm />
      </section>
      <section aria-labelledby="list-heading" className="list-section">
        <h2 id="list-heading" className="visually-hidden">
          Job list
        </h2>
        <StatusTabs
          selected={filters.status}
          hrefFor={(status) => searchFor({ status })}
        />
        <ListToolbar
          sort={filters.sort}
          search={filters.search}
          onSortChange={setSort}
          onSearchChange={setSearch}
        />
        <JobList
          filters={filters}
          hasFilters={hasActiveFilters(filters)}
          onClearFilters={clear}
        />
      </section>
    </>
  );
}
