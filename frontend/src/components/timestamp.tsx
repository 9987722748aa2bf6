import { formatDateTime, formatLocal, formatTime } from "@/lib/format";
import { usePreference } from "@/lib/preferences";

type TimestampProps = {
  iso: string;
  now: number;
  /**
   * Where a relative time also shows the exact one: "always" beside it, or "focus" only
   * when its row has keyboard focus or is shown as a card (CSS), so a table's columns keep
   * their widths.
   */
  exact: "always" | "focus";
};

/** A time in the remembered format (relative, local or UTC), exact and ISO on hover too. */
export function Timestamp({ iso, now, exact }: TimestampProps) {
  const [format] = usePreference("timeFormat");
  return (
    <time
      dateTime={iso}
      title={`${formatDateTime(iso)} (${iso})`}
      className={`time time--exact-${exact} num`}
    >
      <span className="time__main">{formatTime(iso, format, now)}</span>
      {format === "relative" ? (
        <span className="time__exact">{formatLocal(iso, now)}</span>
      ) : null}
    </time>
  );
}
