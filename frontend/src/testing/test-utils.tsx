import { render, screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { createRoutes } from "@/app/router";

import { PASSWORD } from "./mocks/db";

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

export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

/** The table rows of jobs (without the header row). */
export async function findRows(): Promise<HTMLElement[]> {
  const table = await screen.findByRole("table");
  return within(table).getAllByRole("row").slice(1);
}

/** The table row of the job named `name`. */
export function rowOf(name: string): HTMLElement {
  const row = screen.getByRole("link", { name }).closest("tr");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** Open the row's Actions menu and choose `item`. */
export async function chooseRowAction(
  user: UserEvent,
  name: string,
  item: string,
): Promise<void> {
  await user.click(
    await screen.findByRole("button", { name: `Actions for ${name}` }),
  );
  await user.click(screen.getByRole("menuitem", { name: item }));
}

export const sleep = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Fill in the sign-in form and send it. */
export async function signIn(
  user: UserEvent,
  username: string,
  password = PASSWORD,
): Promise<void> {
  await user.type(await screen.findByLabelText("Username"), username);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

/** 25 jobs, with both pages loaded ("job 25" first, "job 1" last). */
export async function loadTwoPages(user: UserEvent): Promise<void> {
  await screen.findByRole("link", { name: "job 25" });
  await user.click(screen.getByRole("button", { name: "Load more" }));
  await screen.findByRole("link", { name: "job 1" });
}
