import { MAX_NAME_LENGTH } from "../types";

/** Mirrors the server rule: 1–200 characters after trimming (counted as code points). */
export function validateJobName(raw: string): string | null {
  const name = raw.trim();
  if (name === "") return "Enter a job name.";
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    return `Use at most ${MAX_NAME_LENGTH} characters (this name has ${length}).`;
  }
  return null;
}
