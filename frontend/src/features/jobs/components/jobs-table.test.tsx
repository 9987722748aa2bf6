import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  db,
  minutesAgo,
  renderApp,
  requestsTo,
  rowOf,
} from "@/testing/test-utils";

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

  it("is one Tab stop per row; the arrow keys move between its checkbox, name and actions", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    const bravo = await screen.findByRole("link", { name: "bravo" });
    const alpha = screen.getByRole("link", { name: "alpha" });
    bravo.focus();
    await user.tab();
    expect(alpha).toHaveFocus();
    await user.tab({ shift: true });
    expect(bravo).toHaveFocus();

    await user.keyboard("{ArrowRight}");
    const actions = screen.getByRole("button", { name: "Actions for bravo" });
    expect(actions).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(actions).toHaveFocus();
    await user.keyboard("{ArrowLeft}{ArrowLeft}");
    const checkbox = screen.getByRole("checkbox", { name: "Select bravo" });
    expect(checkbox).toHaveFocus();
    await user.keyboard("{End}");
    expect(actions).toHaveFocus();
    await user.keyboard("{Home}");
    expect(checkbox).toHaveFocus();

    // The row remembers where it was left: Tab out and back lands there.
    await user.tab();
    expect(alpha).toHaveFocus();
    await user.tab({ shift: true });
    expect(checkbox).toHaveFocus();
    // Space on the checkbox selects; it changes no job.
    await user.keyboard(" ");
    expect(checkbox).toBeChecked();
    expect(requestsTo("PATCH", "/api/jobs/2/")).toHaveLength(0);
  });

  it("labels every checkbox with its job", async () => {
    db.seed([{ name: "alpha" }, { name: "<b>x</b>" }]);
    renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    // The status tabs' own checkboxes are outside the table.
    expect(
      within(screen.getByRole("table")).getAllByRole("checkbox"),
    ).toHaveLength(3);
    for (const name of [
      "Select all loaded jobs",
      "Select <b>x</b>",
      "Select alpha",
    ]) {
      expect(screen.getByRole("checkbox", { name })).toBeInTheDocument();
    }
  });

  it("has no actions column for a viewer", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(
      screen.queryByRole("button", { name: /Actions for/ }),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByRole("table")).queryByRole("checkbox"),
    ).not.toBeInTheDocument();
    expect(screen.getAllByRole("columnheader")).toHaveLength(6);
    // The name alone is the row's stop, reachable with Tab as before.
    expect(screen.getByRole("link", { name: "alpha" })).toHaveAttribute(
      "tabindex",
      "0",
    );
  });
});
