import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setPreference } from "@/lib/preferences";
import { Timestamp } from "./timestamp";

const iso = "2026-11-29T09:57:00Z";
const now = Date.parse("2026-11-29T10:00:00Z");

describe("timestamp", () => {
  it("is machine-readable, with the exact time and ISO on hover", () => {
    render(<Timestamp iso={iso} now={now} exact="focus" />);
    const time = screen.getByText("3 min ago").closest("time");
    expect(time).toHaveAttribute("datetime", iso);
    expect(time).toHaveAttribute("title", expect.stringContaining(iso));
  });

  it("carries the exact time beside a relative one", () => {
    render(<Timestamp iso={iso} now={now} exact="always" />);
    const exact = document.querySelector(".time__exact");
    expect(exact).toHaveTextContent(/^Nov 29, \d\d:57:00$/);
    expect(exact?.closest("time")).toHaveClass("time--exact-always");
  });

  it("needs no second copy when the format is already exact", () => {
    setPreference("timeFormat", "utc");
    render(<Timestamp iso={iso} now={now} exact="always" />);
    expect(screen.getByText("Nov 29, 09:57:00 UTC")).toBeInTheDocument();
    expect(document.querySelector(".time__exact")).toBeNull();
  });
});
