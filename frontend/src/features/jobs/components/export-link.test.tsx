import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { db, minutesAgo, renderApp, requestsTo } from "@/testing/test-utils";

function exportLink() {
  return screen.findByRole("link", { name: "Export CSV" });
}

describe("export", () => {
  it("downloads the current view: the list's filters and sort, without paging", async () => {
    db.seed([{ name: "alpha" }]);
    const changed = "2026-11-29T13:03:07Z";
    renderApp(
      `/?status=RUNNING,FAILED&sort=changed_newest&search=cfd&changed_after=${changed}&range=1h`,
    );
    const link = await exportLink();
    expect(link).toHaveAttribute("download");
    const url = new URL(link.getAttribute("href") ?? "", "http://x");
    expect(url.pathname).toBe("/api/jobs/export/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: "csv",
      status: "RUNNING,FAILED",
      sort: "changed_newest",
      search: "cfd",
      changed_after: changed,
    });
  });

  it("follows the view as it changes", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    expect(await exportLink()).toHaveAttribute(
      "href",
      "/api/jobs/export/?format=csv&sort=newest",
    );
    await screen.findByRole("link", { name: "alpha" });
    await user.click(screen.getByRole("button", { name: "Name" }));
    expect(await exportLink()).toHaveAttribute(
      "href",
      "/api/jobs/export/?format=csv&sort=name_asc",
    );
  });

  it("names the same jobs in the same order as the list", async () => {
    db.seed([
      { name: "b", history: [["FAILED", minutesAgo(3)]] },
      { name: "=cmd", history: [["RUNNING", minutesAgo(1)]] },
      { name: 'a, quoted "one"', history: [["RUNNING", minutesAgo(2)]] },
      { name: "pending" },
    ]);
    renderApp("/?status=RUNNING,FAILED&sort=changed_newest");
    await screen.findByRole("link", { name: "b" });
    const href = (await exportLink()).getAttribute("href") ?? "";

    const response = await fetch(href);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="jobs-\d{4}-\d\d-\d\d-\d{6}\.csv"$/,
    );
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe(
      "id,name,current_status,current_status_at,created_at,updated_at,created_by",
    );
    const ids = lines.slice(1, -1).map((line) => Number(line.split(",")[0]));
    const listed = screen
      .getAllByRole("link", { name: /^(b|=cmd|a, quoted "one")$/ })
      .map((link) => Number(link.getAttribute("href")?.split("/").at(-1)));
    expect(ids).toEqual(listed);
    expect(ids).toEqual([2, 3, 1]);
    expect(lines[1]).toMatch(/^2,'=cmd,RUNNING,/);
    expect(lines[2]).toMatch(/^3,"a, quoted ""one""",RUNNING,/);
    expect(requestsTo("GET", "/api/jobs/export/")).toHaveLength(1);
  });
});
