"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useAuth } from "@/lib/auth";
import { finishOidcSignIn } from "@/lib/oidc";
import { ErrorBox, Loading } from "./common";

/** The OIDC redirect target: trades the code for a token (PKCE), keeps it in memory, goes to the overview. */
export function Callback() {
  const { signIn } = useAuth();
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    finishOidcSignIn(new URL(window.location.href))
      .then((token) => {
        signIn(token);
        router.replace("/");
      })
      .catch(setError);
  }, [signIn, router]);
  return (
    <main id="main">
      <h1>Signing in</h1>
      {error ? <ErrorBox error={error} title="Sign-in failed" /> : <Loading label="Completing the sign-in" />}
      {error ? <p><Link href="/">Back to sign-in</Link></p> : null}
    </main>
  );
}
