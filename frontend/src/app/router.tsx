import type { RouteObject } from "react-router";
import { LIVE_POLL_INTERVAL_MS } from "@/features/jobs/hooks/use-live-job-updates";
import { RootLayout } from "./layout";
import { JobRoute } from "./routes/job-route";
import { JobsRoute } from "./routes/jobs-route";
import { NotFoundRoute } from "./routes/not-found-route";
import { RouteError } from "./routes/route-error";

export type AppConfig = {
  /** Stats poll interval; false turns live updates off (tests). */
  pollIntervalMs: number | false;
};

export const defaultConfig: AppConfig = {
  pollIntervalMs: LIVE_POLL_INTERVAL_MS,
};

export function createRoutes(config: AppConfig = defaultConfig): RouteObject[] {
  return [
    {
      path: "/",
      element: <RootLayout pollIntervalMs={config.pollIntervalMs} />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <JobsRoute /> },
        { path: "jobs/:id", element: <JobRoute /> },
        { path: "*", element: <NotFoundRoute /> },
      ],
    },
  ];
}
