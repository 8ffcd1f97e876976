"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/** A modal side panel: focus moves into it, Escape closes it, focus returns where it was. */
export function Drawer({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close.current();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      before?.focus?.();
    };
  }, []);
  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <div className="drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} tabIndex={-1}>
        <div className="row" style={{ justifyContent: "space-between" }}>
          <span id={titleId} className="muted" style={{ textTransform: "uppercase", fontSize: "0.8rem" }}>{title}</span>
          <button onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>Close ✕</button>
        </div>
        {children}
      </div>
    </>
  );
}
