import { useParams } from "react-router";
import {
  JobDetails,
  JobNotFound,
} from "@/features/jobs/components/job-details";
import { useDocumentTitle } from "@/hooks/use-document-title";

function parseJobId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,18}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function JobRoute() {
  const id = parseJobId(useParams().id);
  if (id === null) return <InvalidJobId />;
  // A fresh subtree per id so local state (dialogs, mutation errors) never leaks between jobs.
  return <JobDetails key={id} id={id} />;
}

function InvalidJobId() {
  useDocumentTitle("Job not found");
  return <JobNotFound />;
}
