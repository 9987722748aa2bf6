import { useId } from "react";
import {
  TIME_FORMATS,
  TIME_FORMAT_LABELS,
  type TimeFormat,
} from "@/lib/format";
import { usePreference } from "@/lib/preferences";

/** Relative, local or UTC times everywhere; remembered in this browser. */
export function TimeFormatSelect() {
  const id = useId();
  const [format, setFormat] = usePreference("timeFormat");
  return (
    <div className="field">
      <label htmlFor={id} className="label">
        Times
      </label>
      <select
        id={id}
        className="select"
        value={format}
        onChange={(event) => {
          const next = TIME_FORMATS.find((f) => f === event.target.value);
          if (next) setFormat(next satisfies TimeFormat);
        }}
      >
        {TIME_FORMATS.map((value) => (
          <option key={value} value={value}>
            {TIME_FORMAT_LABELS[value]}
          </option>
        ))}
      </select>
    </div>
  );
}
