import { useId, useState } from "react";
import { useMediaQuery } from "@/hooks/use-media-query";
import { getErrorMessage } from "@/lib/api-client";
import { formatMinute, formatNumber } from "@/lib/format";
import { usePreference } from "@/lib/preferences";
import { useJobActivity } from "../api/get-job-activity";
import { useActivityPlot } from "../hooks/use-activity-plot";
import type { ActivityRange, JobActivity } from "../types";
import {
  ACTIVITY_RANGE_LABELS,
  activitySummary,
  activityTotals,
  formatBucket,
  type ActivityTotals,
} from "../utils/activity";

/** Where the list turns into cards; there the chart starts folded to its summary line. */
const SMALL_SCREEN = "(max-width: 760px)";

const LEGEND = [
  { key: "created", label: "Created" },
  { key: "completed", label: "Completed" },
  { key: "failed", label: "Failed" },
] as const;

/**
 * Jobs created and status changes into completed and failed, per hour or day, for all
 * jobs over the list's time range. The summary sentence and the table say the same as
 * the bars, for those who do not see them.
 */
export function ActivityChart({ range }: { range: ActivityRange }) {
  const query = useJobActivity(range);
  const small = useMediaQuery(SMALL_SCREEN);
  const [chartChoice, setChartChoice] = useState<boolean | null>(null);
  const showChart = chartChoice ?? !small;
  const [showTable, setShowTable] = useState(false);
  const [hovered, setHovered] = useState<number | null>(null);
  const [timeFormat] = usePreference("timeFormat");
  const utc = timeFormat === "utc";
  const headingId = useId();
  const chartId = useId();
  const tableId = useId();

  const activity = query.data;
  const plot = useActivityPlot(showChart && activity !== undefined);
  const hoveredPoint =
    activity && hovered !== null ? activity.series[hovered] : undefined;

  return (
    <section
      className={`activity${showChart ? "" : " activity--folded"}`}
      aria-labelledby={headingId}
      aria-busy={query.isFetching && query.isPlaceholderData}
    >
      <div className="activity__head">
        <h3 id={headingId} className="activity__title">
          Activity <span className="activity__scope">· all jobs</span>
        </h3>
        {activity ? (
          <p className="activity__summary">
            {activitySummary(activity, range, { utc })}
          </p>
        ) : query.isError ? (
          <p className="activity__summary activity__summary--error">
            Couldn’t load activity: {getErrorMessage(query.error)}{" "}
            <button
              type="button"
              className="button button--small"
              onClick={() => void query.refetch()}
            >
              Retry
            </button>
          </p>
        ) : (
          <p className="activity__summary">Loading activity…</p>
        )}
        {showChart ? (
          <ul className="legend" aria-label="Legend">
            {LEGEND.map(({ key, label }) => (
              <li key={key} className="legend__item">
                <span
                  className={`legend__swatch legend__swatch--${key}`}
                  aria-hidden="true"
                />
                {label}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="activity__tools">
          <button
            type="button"
            className="button button--small button--quiet"
            aria-expanded={showChart}
            aria-controls={showChart ? chartId : undefined}
            onClick={() => setChartChoice(!showChart)}
          >
            {showChart ? "Hide chart" : "Show chart"}
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            aria-expanded={showTable}
            aria-controls={showTable ? tableId : undefined}
            onClick={() => setShowTable(!showTable)}
            disabled={!activity}
          >
            {showTable ? "Hide table" : "Show as table"}
          </button>
        </div>
      </div>
      {showChart ? (
        <div id={chartId} className="activity__chart">
          {activity && hoveredPoint ? (
            <p className="activity__readout num" aria-hidden="true">
              {formatBucket(hoveredPoint.t, activity.bucket, { utc })}:{" "}
              {formatNumber(hoveredPoint.created)} created ·{" "}
              {formatNumber(hoveredPoint.COMPLETED)} completed ·{" "}
              {formatNumber(hoveredPoint.FAILED)} failed
            </p>
          ) : null}
          {activity && plot.Plot ? (
            <plot.Plot activity={activity} utc={utc} onHover={setHovered} />
          ) : plot.failed ? (
            <p className="activity-plot activity-plot--failed">
              Couldn’t load the chart (the numbers above stand).{" "}
              <button
                type="button"
                className="button button--small"
                onClick={plot.retry}
              >
                Retry
              </button>
            </p>
          ) : (
            <div className="activity-plot" />
          )}
        </div>
      ) : null}
      {showTable && activity ? (
        <ActivityTable
          id={tableId}
          activity={activity}
          range={range}
          utc={utc}
        />
      ) : null}
    </section>
  );
}

function ActivityTable({
  id,
  activity,
  range,
  utc,
}: {
  id: string;
  activity: JobActivity;
  range: ActivityRange;
  utc: boolean;
}) {
  const totals = activityTotals(activity.series);
  const unit =
    activity.bucket === "day" ? "Day (UTC)" : utc ? "Hour (UTC)" : "Hour";
  return (
    <div id={id} className="activity-table-wrap">
      <table className="activity-table num">
        <caption>
          Activity of all jobs, {ACTIVITY_RANGE_LABELS[range].toLowerCase()},
          per {activity.bucket}
        </caption>
        <thead>
          <tr>
            <th scope="col">{unit}</th>
            <th scope="col">Created</th>
            <th scope="col">Running</th>
            <th scope="col">Completed</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {activity.series.map((point) => (
            <tr key={point.t}>
              <th scope="row">
                <time dateTime={point.t}>
                  {activity.bucket === "day"
                    ? formatBucket(point.t, "day")
                    : formatMinute(point.t, { utc })}
                </time>
              </th>
              <CountCells counts={point} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <CountCells counts={totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CountCells({ counts }: { counts: ActivityTotals }) {
  return (
    <>
      <td>{formatNumber(counts.created)}</td>
      <td>{formatNumber(counts.RUNNING)}</td>
      <td>{formatNumber(counts.COMPLETED)}</td>
      <td>{formatNumber(counts.FAILED)}</td>
    </>
  );
}
