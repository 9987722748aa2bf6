import { useEffect, useState, type ComponentType } from "react";
import { useOnline } from "@/hooks/use-online";
import type { ActivityPlotProps } from "../components/activity-plot";

type Plot = ComponentType<ActivityPlotProps>;

/**
 * The chart component, imported when first wanted: uPlot and its CSS come in a chunk of
 * their own, outside the main bundle. Unlike React.lazy, a failed load (offline, a
 * deploy that replaced the chunk) is not thrown at the page: it is reported, tried
 * again when the browser is back online, and on Retry.
 */
export function useActivityPlot(wanted: boolean) {
  const online = useOnline();
  const [Plot, setPlot] = useState<Plot | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [failedAttempt, setFailedAttempt] = useState<number | null>(null);

  useEffect(() => {
    if (!wanted || Plot || !online) return;
    let current = true;
    // Awaited on its own, not as import(...).then(...): Vite wraps a .then chain on the
    // import inside its preload helper, whose own rejection (the chunk's CSS failing to
    // load) would then reach nothing but the page's unhandled-rejection handler.
    const load = async () => {
      try {
        const module = await import("../components/activity-plot");
        if (current) setPlot(() => module.default);
      } catch {
        if (current) setFailedAttempt(attempt);
      }
    };
    void load();
    return () => {
      current = false;
    };
  }, [wanted, Plot, online, attempt]);

  return {
    Plot,
    failed: Plot === null && failedAttempt === attempt,
    retry: () => setAttempt((n) => n + 1),
  };
}
