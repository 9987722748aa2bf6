import { formatDateTime, formatRelative } from "@/lib/format";

type RelativeTimeProps = {
  iso: string;
  now: number;
  className?: string;
};

/** "3 min ago" with the exact local time on hover and machine-readable ISO in dateTime. */
export function RelativeTime({ iso, now, className }: RelativeTimeProps) {
  const exact = formatDateTime(iso);
  return (
    <time
      dateTime={iso}
      title={`${exact} (${iso})`}
      className={className ?? "num"}
    >
      {formatRelative(iso, now)}
    </time>
  );
}
