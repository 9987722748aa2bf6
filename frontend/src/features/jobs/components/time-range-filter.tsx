import { useId, useRef, useState } from "react";
import { usePreference } from "@/lib/preferences";
import type { TimeFilters } from "../types";
import {
  PRESET_LABELS,
  describeTimeFilters,
  TIME_PRESETS,
  type TimePreset,
  type TimeRangeKind,
} from "../utils/time-range";
import { CustomRangeForm } from "./custom-range-form";

type TimeRangeFilterProps = {
  kind: TimeRangeKind;
  filters: TimeFilters;
  onPreset: (preset: TimePreset) => void;
  onCustom: (times: TimeFilters) => void;
  onClear: () => void;
};

/**
 * "What changed in the last hour?": presets set changed_after to now minus their span
 * (choosing one again moves the start to now); Custom sets a created range and/or a
 * changed start. The line beside says exactly what is applied.
 */
export function TimeRangeFilter({
  kind,
  filters,
  onPreset,
  onCustom,
  onClear,
}: TimeRangeFilterProps) {
  const labelId = useId();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const customRef = useRef<HTMLButtonElement>(null);

  function close() {
    setOpen(false);
    customRef.current?.focus();
  }

  const [timeFormat] = usePreference("timeFormat");
  const description = describeTimeFilters(filters, {
    utc: timeFormat === "utc",
  });

  return (
    <div className="time-range">
      <div className="time-range__row">
        <span id={labelId} className="label">
          Status changed
        </span>
        <div role="group" aria-labelledby={labelId} className="segmented">
          {TIME_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className="segmented__item"
              aria-pressed={kind === preset}
              aria-label={PRESET_LABELS[preset].name}
              onClick={() => {
                setOpen(false);
                onPreset(preset);
              }}
            >
              {PRESET_LABELS[preset].text}
            </button>
          ))}
          <button
            type="button"
            className="segmented__item"
            aria-pressed={kind === "all"}
            onClick={() => {
              setOpen(false);
              onClear();
            }}
          >
            Any time
          </button>
          <button
            ref={customRef}
            type="button"
            className={`segmented__item${kind === "custom" ? " is-active" : ""}`}
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            onClick={() => setOpen((value) => !value)}
          >
            Custom…
          </button>
        </div>
        {description ? (
          <p className="time-range__applied">
            {kind === "custom" ? "Custom: " : ""}
            {description}
          </p>
        ) : null}
      </div>
      {open ? (
        <CustomRangeForm
          id={panelId}
          filters={filters}
          onApply={(times) => {
            onCustom(times);
            close();
          }}
          onCancel={close}
        />
      ) : null}
    </div>
  );
}
