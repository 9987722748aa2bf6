import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "./status-badge";

describe("status badge", () => {
  it.each([
    ["PENDING", "Pending"],
    ["RUNNING", "Running"],
    ["COMPLETED", "Completed"],
    ["FAILED", "Failed"],
  ] as const)("says %s in words, not only in colour", (status, label) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(label);
    expect(badge).toHaveClass(`badge--${status.toLowerCase()}`);
  });
});
