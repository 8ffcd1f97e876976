"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { apiFetch, type RequestOptions } from "./api";
import { readClaims, type Principal } from "./jwt";

type Session = { token: string; principal: Principal };

type AuthValue = {
  session: Session | null;
  signIn: (token: string) => void;
  signOut: () => void;
  /** apiFetch with this session's bearer token. */
  call: <T>(path: string, opts?: Omit<RequestOptions, "token">) => Promise<T>;
};

const AuthContext = createContext<AuthValue | null>(null);

/**
 * The signed-in session lives in React state only: no localStorage, no cookie. A reload signs
 * out, which is the price of never leaving a bearer token where other scripts could read it later.
 */
export function AuthProvider({ children, initialToken }: { children: ReactNode; initialToken?: string }) {
  const [session, setSession] = useState<Session | null>(() =>
    initialToken ? { token: initialToken, principal: readClaims(initialToken) } : null,
  );
  const queries = useQueryClient();
  const signIn = useCallback((token: string) => {
    const trimmed = token.trim();
    setSession({ token: trimmed, principal: readClaims(trimmed) });
  }, []);
  const signOut = useCallback(() => {
    setSession(null);
    queries.clear();
  }, [queries]);
  const token = session?.token ?? null;
  const call = useCallback(<T,>(path: string, opts: Omit<RequestOptions, "token"> = {}) => apiFetch<T>(path, { ...opts, token }), [token]);
  const value = useMemo(() => ({ session, signIn, signOut, call }), [session, signIn, signOut, call]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error("useAuth outside AuthProvider");
  return v;
}

/** The session, for components that render only when signed in. */
export function useSession(): Session & Pick<AuthValue, "call" | "signOut"> {
  const { session, call, signOut } = useAuth();
  if (!session) throw new Error("useSession without a session");
  return { ...session, call, signOut };
}
