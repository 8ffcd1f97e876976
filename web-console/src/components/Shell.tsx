"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useSyncExternalStore, type ReactNode } from "react";
import { useAuth } from "@/lib/auth";
import { LiveIndicator, TenantEvents } from "./live";
import { SignIn } from "./SignIn";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/findings", label: "Findings" },
  { href: "/actions", label: "Actions" },
  { href: "/sources", label: "Sources" },
  { href: "/assistant", label: "Assistant" },
];

const THEME_KEY = "praetor.theme";
const THEME_EVENT = "praetor-theme";

function readTheme(): "light" | "dark" {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === "dark" || saved === "light") return saved;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function subscribeTheme(onChange: () => void): () => void {
  window.addEventListener(THEME_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(THEME_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** Light/dark: the system's preference until the user picks one (kept in localStorage; it is not a secret). */
function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeTheme, readTheme, () => null);
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (!theme) return null;
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      onClick={() => {
        localStorage.setItem(THEME_KEY, next);
        window.dispatchEvent(new Event(THEME_EVENT));
      }}
      aria-label={`Switch to ${next} mode`}
    >
      {theme === "dark" ? "☀ Light" : "☾ Dark"}
    </button>
  );
}

/** Header, navigation and the sign-in gate: every page renders inside it. */
export function Shell({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const path = usePathname();
  if (!session) {
    return (
      <>
        <Header />
        {path === "/callback" ? children : <SignIn />}
      </>
    );
  }
  return (
    <TenantEvents token={session.token}>
      <Header />
      {children}
    </TenantEvents>
  );
}

function Header() {
  const { session, signOut } = useAuth();
  const path = usePathname();
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">Praetor</span>
        {session ? (
          <nav aria-label="Main">
            {NAV.map((n) => (
              <Link key={n.href} href={n.href} aria-current={path === n.href ? "page" : undefined}>
                {n.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <span className="spacer" />
        {session ? (
          <>
            <LiveIndicator />
            <span data-testid="whoami" title={session.principal.roles.join(", ")}>
              {session.principal.sub} @ {session.principal.tenant}
            </span>
            <button onClick={signOut}>Sign out</button>
          </>
        ) : null}
        <ThemeToggle />
      </header>
    </>
  );
}
