// Applies the remembered theme before the first paint, so a chosen dark theme never
// flashes light. The key is STORAGE_KEYS.theme in src/lib/preferences.ts.
try {
  var theme = window.localStorage.getItem("jobs.theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.dataset.theme = theme;
  }
} catch (error) {
  // No storage: the system's theme applies.
}
