import type { MenuItem } from "@/components/menu-button";
import { allowedNext, transitionVerb } from "../lifecycle";
import { STATUS_LABELS, type JobStatusType } from "../types";

/**
 * Menu items for the moves the lifecycle allows from `from`, and only those:
 * "Retry (→ Pending)", "Cancel (→ Failed)". Choosing one opens the confirmation.
 */
export function transitionItems(
  from: JobStatusType,
  onChoose: (to: JobStatusType) => void,
  group?: string,
): MenuItem[] {
  return allowedNext(from).map((to) => ({
    id: `status-${to}`,
    label: `${transitionVerb(from, to)} (→ ${STATUS_LABELS[to]})`,
    onSelect: () => onChoose(to),
    group,
  }));
}
