import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { invalidateAfterJobWrite, jobKeys } from "./job-keys";

export function deleteJob({ id }: { id: number }): Promise<void> {
  return apiRequest<void>(`/api/jobs/${id}/`, { method: "DELETE" });
}

export function useDeleteJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteJob,
    onSuccess: (_data, { id }) => {
      queryClient.removeQueries({ queryKey: jobKeys.detail(id), exact: true });
      // Keep the mutation pending until the lists no longer hold the row.
      return invalidateAfterJobWrite(queryClient);
    },
  });
}
