import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { createRoutes } from "@/app/router";

export { db, requests, requestsTo } from "./mocks/db";
export { server } from "./mocks/server";

type RenderAppOptions = {
  /** Stats poll interval; off by default so tests control every request. */
  pollIntervalMs?: number | false;
};

/** Render the whole app (real routes, real query client setup) at `path`. */
export function renderApp(
  path = "/",
  { pollIntervalMs = false }: RenderAppOptions = {},
) {
  // The app's own defaults, minus retries so error states show at once.
  const queryClient = createQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({
    ...defaults,
    queries: { ...defaults.queries, retry: false, gcTime: Infinity },
  });
  const router = createMemoryRouter(createRoutes({ pollIntervalMs }), {
    initialEntries: [path],
  });
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}

/** The current URL of a memory router as "/path?query". */
export function currentUrl(router: {
  state: { location: { pathname: string; search: string } };
}) {
  return `${router.state.location.pathname}${router.state.location.search}`;
}
