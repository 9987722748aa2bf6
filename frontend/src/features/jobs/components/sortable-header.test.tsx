import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  minutesAgo,
  renderApp,
  requestsTo,
} from "@/testing/test-utils";

function header(name: string): HTMLElement {
  const cell = screen
    .getAllByRole("columnheader")
    .find((th) => within(th).queryByRole("button", { name }));
  if (!cell) throw new Error(`no sortable header ${name}`);
  return cell;
}

const names = () =>
  screen
    .getAllByRole("link", { name: /^(alpha|bravo|charlie)$/ })
    .map((link) => link.textContent);

describe("sortable column headers", () => {
  function seed() {
    // created: alpha oldest; changed: bravo most recently, charlie longest ago.
    db.seed([
      {
        name: "alpha",
        history: [
          ["PENDING", minutesAgo(30)],
          ["RUNNING", minutesAgo(10)],
        ],
      },
      {
        name: "charlie",
        history: [["PENDING", minutesAgo(20)]],
      },
      {
        name: "bravo",
        history: [
          ["PENDING", minutesAgo(15)],
          ["FAILED", minutesAgo(1)],
        ],
      },
    ]);
  }

  it("show the list's sort with aria-sort; Created starts descending", async () => {
    seed();
    renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(header("Created")).toHaveAttribute("aria-sort", "descending");
    expect(header("Name")).not.toHaveAttribute("aria-sort");
    expect(header("Changed")).not.toHaveAttribute("aria-sort");
    expect(names()).toEqual(["bravo", "charlie", "alpha"]);
  });

  it("sort by name, then the other way, in the URL and the sort control", async () => {
    seed();
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });

    await user.click(screen.getByRole("button", { name: "Name" }));
    await waitFor(() => expect(names()).toEqual(["alpha", "bravo", "charlie"]));
    expect(currentUrl(router)).toBe("/?sort=name_asc");
    expect(header("Name")).toHaveAttribute("aria-sort", "ascending");
    expect(header("Created")).not.toHaveAttribute("aria-sort");
    expect(screen.getByLabelText("Sort by")).toHaveValue("name_asc");

    await user.click(screen.getByRole("button", { name: "Name" }));
    await waitFor(() => expect(names()).toEqual(["charlie", "bravo", "alpha"]));
    expect(currentUrl(router)).toBe("/?sort=name_desc");
    expect(header("Name")).toHaveAttribute("aria-sort", "descending");
  });

  it("sort by the time of the current status: newest change first, then oldest", async () => {
    seed();
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });

    await user.click(screen.getByRole("button", { name: "Changed" }));
    await waitFor(() => expect(names()).toEqual(["bravo", "alpha", "charlie"]));
    expect(currentUrl(router)).toBe("/?sort=changed_newest");
    expect(header("Changed")).toHaveAttribute("aria-sort", "descending");
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("sort")).toBe(
      "changed_newest",
    );

    await user.click(screen.getByRole("button", { name: "Changed" }));
    await waitFor(() => expect(names()).toEqual(["charlie", "alpha", "bravo"]));
    expect(currentUrl(router)).toBe("/?sort=changed_oldest");
    expect(header("Changed")).toHaveAttribute("aria-sort", "ascending");
  });

  it("follow the sort control, and Created toggles to oldest first", async () => {
    seed();
    const { user, router } = renderApp("/?sort=changed_oldest");
    await screen.findByRole("link", { name: "alpha" });
    expect(header("Changed")).toHaveAttribute("aria-sort", "ascending");

    await user.selectOptions(screen.getByLabelText("Sort by"), "newest");
    await waitFor(() =>
      expect(header("Created")).toHaveAttribute("aria-sort", "descending"),
    );
    await user.click(screen.getByRole("button", { name: "Created" }));
    await waitFor(() => expect(names()).toEqual(["alpha", "charlie", "bravo"]));
    expect(currentUrl(router)).toBe("/?sort=oldest");
    expect(header("Created")).toHaveAttribute("aria-sort", "ascending");
  });

  it("shows each job's last status change in the Changed column", async () => {
    seed();
    renderApp("/");
    const link = await screen.findByRole("link", { name: "alpha" });
    const row = link.closest("tr");
    if (!row) throw new Error("no row");
    expect(within(row).getByText("10 min ago")).toBeInTheDocument();
    expect(within(row).getByText("30 min ago")).toBeInTheDocument();
  });
});
