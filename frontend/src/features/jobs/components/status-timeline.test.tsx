import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { JobStatusEntry } from "../types";
import { StatusTimeline } from "./status-timeline";

const history: JobStatusEntry[] = [
  {
    id: 1,
    status_type: "PENDING",
    timestamp: "2026-11-29T10:00:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 2,
    status_type: "RUNNING",
    timestamp: "2026-11-29T10:02:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 3,
    status_type: "FAILED",
    timestamp: "2026-11-29T10:20:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 4,
    status_type: "RUNNING",
    timestamp: "2026-11-29T10:21:00Z",
    actor: null,
    reason: null,
  },
];
const now = Date.parse("2026-11-29T10:51:00Z");

function items() {
  const list = screen.getByRole("list", {
    name: "Status history, oldest first",
  });
  return within(list).getAllByRole("listitem");
}

describe("status timeline", () => {
  it("lists every status oldest first with how long it lasted", () => {
    render(<StatusTimeline history={history} now={now} durationNow={now} />);
    expect(
      items().map((li) => li.querySelector(".badge")?.textContent),
    ).toEqual(["Pending", "Running", "Failed", "Running"]);
    expect(items()[0]).toHaveTextContent("for 2m 00s");
    expect(items()[1]).toHaveTextContent("for 18m 00s");
    expect(items()[2]).toHaveTextContent("for 1m 00s");
    expect(items()[3]).toHaveTextContent("ongoing · 30m 00s");
  });

  it("shows the exact time of each change beside the relative one", () => {
    render(<StatusTimeline history={history} now={now} durationNow={now} />);
    const first = items()[0]?.querySelector("time");
    expect(first).toHaveAttribute("datetime", "2026-11-29T10:00:00Z");
    expect(first).toHaveTextContent(/51 min ago\w{3} \d+, \d\d:\d\d:00/);
  });

  it("counts the ongoing status only up to durationNow", () => {
    const frozenAt = Date.parse("2026-11-29T10:31:00Z");
    render(
      <StatusTimeline history={history} now={now} durationNow={frozenAt} />,
    );
    expect(items()[3]).toHaveTextContent("ongoing · 10m 00s");
  });

  it("shows who made each change and why, markup as text", () => {
    const entries: JobStatusEntry[] = [
      { ...history[0]!, actor: null, reason: null },
      {
        ...history[1]!,
        actor: "e2e-admin",
        reason: "<b>node</b> lost",
      },
    ];
    render(<StatusTimeline history={entries} now={now} durationNow={now} />);
    expect(items()[0]).toHaveTextContent("by the system");
    expect(items()[0]?.querySelector("q")).toBeNull();
    expect(items()[1]).toHaveTextContent("by e2e-admin");
    expect(items()[1]?.querySelector("q")).toHaveTextContent(
      "<b>node</b> lost",
    );
    expect(document.querySelector("b")).toBeNull();
  });

  it("says when there is no history", () => {
    render(<StatusTimeline history={[]} now={now} durationNow={now} />);
    expect(screen.getByText("No status history.")).toBeInTheDocument();
  });
});
