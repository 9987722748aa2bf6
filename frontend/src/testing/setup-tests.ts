import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { resetPreferences } from "@/lib/preferences";
import { db } from "./mocks/db";
import { server } from "./mocks/server";
import { FakePlot } from "./mocks/uplot";

// Headroom for slow CI machines; passing tests return as soon as they pass.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no canvas: charts are drawn by a stand-in that keeps what it was given.
vi.mock("uplot", () => import("./mocks/uplot"));

// jsdom has no layout; ScrollRestoration calls scrollTo on navigation.
window.scrollTo = () => {};

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  db.reset();
  FakePlot.instances.length = 0;
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  document.body.innerHTML = "";
  resetPreferences();
  delete document.documentElement.dataset.theme;
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
});
afterAll(() => server.close());
