import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError, getErrorMessage, getFieldErrors } from "@/lib/api-client";
import { useLogin } from "@/lib/auth/login";
import { formatWait } from "@/lib/format";

type Field = "username" | "password";

const REQUIRED: Record<Field, string> = {
  username: "Enter your username.",
  password: "Enter your password.",
};

function problemOf(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 429) {
    return error.retryAfter === null
      ? "Too many failed sign-ins. Try again later."
      : `Too many failed sign-ins. Try again in ${formatWait(error.retryAfter)}.`;
  }
  const fields = getFieldErrors(error);
  const general = [
    ...(fields.non_field_errors ?? []),
    ...(fields.detail ?? []),
  ];
  if (general.length > 0) return general.join(" ");
  if (Object.keys(fields).length > 0) return null;
  return getErrorMessage(error);
}

/** Username and password; server messages (bad credentials, lockout) in an alert. */
export function LoginForm() {
  const id = useId();
  const refs = {
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const [values, setValues] = useState<Record<Field, string>>({
    username: "",
    password: "",
  });
  const [missing, setMissing] = useState<Field[]>([]);
  const mutation = useLogin();
  const serverFields = getFieldErrors(mutation.error);
  const problem = problemOf(mutation.error);

  function errorFor(field: Field): string | null {
    if (missing.includes(field)) return REQUIRED[field];
    const messages = serverFields[field];
    return messages && messages.length > 0 ? messages.join(" ") : null;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const empty = (Object.keys(REQUIRED) as Field[]).filter(
      (field) => values[field].trim() === "",
    );
    setMissing(empty);
    if (empty.length > 0) {
      mutation.reset();
      refs[empty[0] as Field].current?.focus();
      return;
    }
    mutation.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onError: () => {
          setValues((v) => ({ ...v, password: "" }));
          refs.password.current?.focus();
        },
      },
    );
  }

  function input(
    field: Field,
    label: string,
    type: string,
    autoComplete: string,
  ) {
    const inputId = `${id}-${field}`;
    const error = errorFor(field);
    return (
      <div className="field">
        <label htmlFor={inputId} className="label">
          {label}
        </label>
        <input
          ref={refs[field]}
          id={inputId}
          name={field}
          type={type}
          className="input"
          autoComplete={autoComplete}
          value={values[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          onChange={(event) => {
            setValues((v) => ({ ...v, [field]: event.target.value }));
            setMissing((m) => m.filter((f) => f !== field));
          }}
        />
        {error ? (
          <p id={`${inputId}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <form className="login-form" onSubmit={onSubmit} noValidate>
      {input("username", "Username", "text", "username")}
      {input("password", "Password", "password", "current-password")}
      {problem ? (
        <p role="alert" className="alert alert--error">
          {problem}
        </p>
      ) : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={mutation.isPending}
      >
        {mutation.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
