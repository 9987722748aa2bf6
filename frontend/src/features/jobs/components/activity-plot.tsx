import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatNumber } from "@/lib/format";
import { useTheme } from "@/lib/theme";
import type { JobActivity } from "../types";
import { CHART_SERIES, stackedColumns } from "../utils/activity";

const HEIGHT = 120;
const FONT = "11px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const BUCKET_SECONDS = { hour: 3600, day: 86400 } as const;

const tickFormats = {
  local: new Intl.DateTimeFormat("en-US", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }),
  utc: new Intl.DateTimeFormat("en-US", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }),
  day: new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }),
};

/** Ticks read like the summary and the table: "14:00" (24-hour), or "Nov 29" (UTC day). */
function tickLabel(
  seconds: number,
  bucket: JobActivity["bucket"],
  utc: boolean,
) {
  const date = new Date(seconds * 1000);
  if (bucket === "day") return tickFormats.day.format(date);
  return (utc ? tickFormats.utc : tickFormats.local).format(date);
}

type Colors = Record<
  (typeof CHART_SERIES)[number]["key"] | "axis" | "grid",
  string
>;

/**
 * The theme's colours as the canvas needs them: the CSS variables hold light-dark()
 * pairs, which only an element's computed style resolves into one colour.
 */
function readColors(host: HTMLElement): Colors {
  const colorOf = (name: string) => {
    const probe = host.querySelector<HTMLElement>(`[data-probe="${name}"]`);
    return probe ? getComputedStyle(probe).color : "";
  };
  return {
    created: colorOf("created"),
    COMPLETED: colorOf("completed"),
    FAILED: colorOf("failed"),
    axis: colorOf("axis"),
    grid: colorOf("grid"),
  };
}

export type ActivityPlotProps = {
  activity: JobActivity;
  /** Hour labels in UTC instead of the browser's zone (days are always UTC). */
  utc: boolean;
  /** The bucket under the pointer, or null. */
  onHover: (index: number | null) => void;
};

/** Stacked bars of created, completed and failed per bucket (uPlot, loaded lazily). */
export default function ActivityPlot({
  activity,
  utc,
  onHover,
}: ActivityPlotProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const latest = useRef({ activity, onHover });
  const { theme } = useTheme();
  const bucket = activity.bucket;

  useLayoutEffect(() => {
    latest.current = { activity, onHover };
  });

  // Drawn again from scratch only when the look changes; new data goes to setData.
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const colors = readColors(host.parentElement ?? host);
    const step = BUCKET_SECONDS[bucket];
    // Tallest stack first, the others painted over it.
    const drawn = [...CHART_SERIES].reverse();
    const inUtc = utc || bucket === "day";
    const plot = new uPlot(
      {
        width: Math.max(host.clientWidth, 200),
        height: HEIGHT,
        legend: { show: false },
        cursor: {
          y: false,
          points: { show: false },
          drag: { x: false, y: false, setScale: false },
        },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        ...(inUtc
          ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), "UTC") }
          : {}),
        scales: {
          x: {
            time: true,
            range: (_u, min, max) => [min - step / 2, max + step / 2],
          },
          // Room above the tallest bar, and a scale of a few jobs when there are none.
          y: {
            range: (_u, _min, max) => [0, Math.max(Math.ceil(max * 1.15), 4)],
          },
        },
        axes: [
          {
            stroke: colors.axis,
            font: FONT,
            grid: { show: false },
            ticks: { stroke: colors.grid, size: 4 },
            size: 24,
            space: bucket === "day" ? 56 : 48,
            values: (_u, splits) =>
              splits.map((s) => tickLabel(s, bucket, inUtc)),
          },
          {
            stroke: colors.axis,
            font: FONT,
            grid: { stroke: colors.grid, width: 1 },
            ticks: { show: false },
            size: 40,
            space: 28,
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4],
            values: (_u, splits) => splits.map((n) => formatNumber(n)),
          },
        ],
        series: [
          {},
          ...drawn.map(({ key, label }) => ({
            label,
            fill: colors[key],
            stroke: colors[key],
            width: 0,
            paths: uPlot.paths.bars?.({ size: [0.72, 28], gap: 1 }),
            points: { show: false },
          })),
        ],
        hooks: {
          setCursor: [
            (u) => {
              const index = u.cursor.idx;
              latest.current.onHover(
                index === null || index === undefined ? null : index,
              );
            },
          ],
        },
      },
      plotData(latest.current.activity),
      host,
    );
    plotRef.current = plot;
    const resize =
      typeof ResizeObserver === "function"
        ? new ResizeObserver(() =>
            plot.setSize({
              width: Math.max(host.clientWidth, 200),
              height: HEIGHT,
            }),
          )
        : null;
    resize?.observe(host);
    return () => {
      resize?.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [theme, bucket, utc]);

  useEffect(() => {
    plotRef.current?.setData(plotData(activity));
  }, [activity]);

  return (
    <div className="activity-plot" aria-hidden="true">
      <span className="activity-plot__probe" data-probe="created" />
      <span className="activity-plot__probe" data-probe="completed" />
      <span className="activity-plot__probe" data-probe="failed" />
      <span className="activity-plot__probe" data-probe="axis" />
      <span className="activity-plot__probe" data-probe="grid" />
      <div ref={hostRef} className="activity-plot__canvas" />
    </div>
  );
}

/** x, then the stacks in the order they are drawn (tallest first). */
function plotData(activity: JobActivity): uPlot.AlignedData {
  const [x = [], ...stacks] = stackedColumns(activity.series);
  return [x, ...stacks.reverse()];
}
