import type { JobStatusType } from "./types";

/**
 * The status lifecycle: from each status, the statuses a job may move to next, in the
 * server's order, with the verb the UI uses for each move. The backend's
 * `jobs.models.ALLOWED_NEXT` is the source of truth; lifecycle.test.ts reads it and
 * fails when the two differ.
 */
export const LIFECYCLE = {
  PENDING: { RUNNING: "Start", FAILED: "Cancel" },
  RUNNING: { COMPLETED: "Complete", FAILED: "Fail", PENDING: "Requeue" },
  COMPLETED: { PENDING: "Re-run" },
  FAILED: { PENDING: "Retry" },
} as const satisfies Record<
  JobStatusType,
  Partial<Record<JobStatusType, string>>
>;

/** The statuses a job in `from` may move to, in the server's order. */
export function allowedNext(from: JobStatusType): JobStatusType[] {
  return Object.keys(LIFECYCLE[from]) as JobStatusType[];
}

export function canMove(from: JobStatusType, to: JobStatusType): boolean {
  return allowedNext(from).includes(to);
}

/** The statuses from which a job may move to `to` (what a bulk change moves). */
export function sourcesOf(to: JobStatusType): JobStatusType[] {
  return (Object.keys(LIFECYCLE) as JobStatusType[]).filter((from) =>
    canMove(from, to),
  );
}

/** "Retry", "Cancel", …: what moving from `from` to `to` is called. */
export function transitionVerb(from: JobStatusType, to: JobStatusType): string {
  const verbs: Partial<Record<JobStatusType, string>> = LIFECYCLE[from];
  return verbs[to] ?? "Move";
}

/** The server's 409 message for a move the lifecycle forbids. */
export function transitionError(
  from: JobStatusType,
  to: JobStatusType,
): string {
  return `Cannot go from ${from} to ${to}; allowed: ${allowedNext(from).join(", ")}.`;
}
