import type { RouteObject } from "react-router";
import { LIVE_POLL_INTERVAL_MS } from "@/features/jobs/hooks/use-live-updates";
import { PublicLayout, RootLayout } from "./layout";
import { RequireAuth } from "./require-auth";
import { JobRoute } from "./routes/job-route";
import { JobsRoute } from "./routes/jobs-route";
import { LoginRoute } from "./routes/login-route";
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
      path: "/login",
      element: <PublicLayout />,
      errorElement: <RouteError />,
      children: [{ index: true, element: <LoginRoute /> }],
    },
    {
      path: "/",
      element: <RequireAuth />,
      errorElement: <RouteError />,
      children: [
        {
          element: <RootLayout pollIntervalMs={config.pollIntervalMs} />,
          children: [
            { index: true, element: <JobsRoute /> },
            { path: "jobs/:id", element: <JobRoute /> },
            { path: "*", element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ];
}
