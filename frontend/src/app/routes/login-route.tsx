import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, useSearchParams } from "react-router";
import { LoginForm } from "@/features/auth/components/login-form";
import { useDocumentTitle } from "@/hooks/use-document-title";
import { authKeys } from "@/lib/auth/auth-keys";
import { useUser } from "@/lib/auth/get-me";
import { safeNext } from "@/lib/auth/safe-next";

export function LoginRoute() {
  useDocumentTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const queryClient = useQueryClient();
  const me = useUser();

  const signedIn = Boolean(me.data);

  useEffect(() => {
    if (signedIn) return;
    // Whatever the previous session loaded is not for whoever signs in next.
    queryClient.removeQueries({
      predicate: (query) => query.queryKey[0] !== authKeys.all[0],
    });
  }, [signedIn, queryClient]);

  // Also how a successful sign-in leaves: the login mutation stores the user.
  if (signedIn) return <Navigate to={next} replace />;

  return (
    <section aria-labelledby="login-heading" className="panel login">
      <h1 id="login-heading">Sign in</h1>
      {params.has("next") ? (
        <p className="muted">Sign in to continue where you were.</p>
      ) : null}
      <LoginForm />
    </section>
  );
}
