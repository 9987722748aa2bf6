import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { db, minutesAgo, renderApp, rowOf } from "@/testing/test-utils";

describe("jobs table", () => {
  it("shows each job's status, times and queued/running totals", async () => {
    db.seed([
      {
        name: "cfd-wing",
        history: [
          ["PENDING", minutesAgo(30)],
          ["RUNNING", minutesAgo(25)],
          ["PENDING", minutesAgo(20)],
          ["RUNNING", minutesAgo(12)],
        ],
      },
    ]);
    renderApp("/");

    const link = await screen.findByRole("link", { name: "cfd-wing" });
    expect(link).toHaveAttribute("href", "/jobs/1");
    const cells = within(rowOf("cfd-wing"));
    expect(
      cells.getByText("Running", { selector: ".badge" }),
    ).toBeInTheDocument();
    const created = cells.getByText("30 min ago").closest("time");
    expect(created).toHaveAttribute("datetime", expect.stringMatching(/Z$/));
    // The exact time is part of the cell, shown on focus and on cards (CSS).
    expect(created).toHaveTextContent(/30 min ago\w{3} \d+, \d\d:\d\d:\d\d/);
    // queued: 5 + 8 min; running: 5 min + 12 min ongoing
    expect(cells.getByText("13m 00s")).toHaveAttribute("data-label", "Queued");
    expect(cells.getByText(/^17m 0\ds$/)).toHaveAttribute(
      "data-label",
      "Running",
    );
  });

  it("shows markup in a name as text", async () => {
    const name = "<img src=x onerror=alert(1)><b>bold</b>";
    db.seed([{ name }]);
    renderApp("/");
    expect(await screen.findByRole("link", { name })).toHaveTextContent(name);
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("b")).toBeNull();
  });

  it("costs two Tab stops per row: the name, then its Actions", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    const bravo = await screen.findByRole("link", { name: "bravo" });
    bravo.focus();
    await user.tab();
    expect(
      screen.getByRole("button", { name: "Actions for bravo" }),
    ).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("link", { name: "alpha" })).toHaveFocus();
    await user.tab();
    expect(
      screen.getByRole("button", { name: "Actions for alpha" }),
    ).toHaveFocus();
  });

  it("has no actions column for a viewer", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(
      screen.queryByRole("button", { name: /Actions for/ }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByRole("columnheader")).toHaveLength(6);
  });
});
