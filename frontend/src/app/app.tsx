import { createBrowserRouter, RouterProvider } from "react-router";
import { AppProvider } from "./provider";
import { createRoutes } from "./router";

const router = createBrowserRouter(createRoutes());

export function App() {
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
