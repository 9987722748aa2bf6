import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { STORAGE_KEYS } from "@/lib/preferences";
import { db, renderApp, rowOf } from "@/testing/test-utils";

const created = "2026-11-29T09:05:07Z";

describe("time format choice", () => {
  it("shows every time relative, local or in UTC, and remembers it", async () => {
    db.seed([{ name: "alpha", history: [["PENDING", created]] }]);
    const { user, unmount } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    // The cell by its label: the table's column order is not this test's concern.
    const createdCell = () =>
      within(rowOf("alpha"))
        .getAllByRole("cell")
        .find((cell) => cell.dataset.label === "Created") as HTMLElement;
    expect(screen.getByLabelText("Times")).toHaveValue("relative");
    expect(createdCell()).toHaveTextContent(/ago|in /);

    await user.selectOptions(screen.getByLabelText("Times"), "utc");
    expect(createdCell().querySelector(".time__main")).toHaveTextContent(
      /^Nov 29(, 2026)?, 09:05:07 UTC$/,
    );
    expect(window.localStorage.getItem(STORAGE_KEYS.timeFormat)).toBe("utc");

    await user.selectOptions(screen.getByLabelText("Times"), "local");
    const local = new Intl.DateTimeFormat("en-US", {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).format(new Date(created));
    expect(createdCell().querySelector(".time__main")).toHaveTextContent(local);

    unmount();
    renderApp("/jobs/1");
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(
      screen
        .getByText("Created")
        .nextElementSibling?.querySelector(".time__main"),
    ).toHaveTextContent(local);
  });
});
