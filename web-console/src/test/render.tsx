import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { AuthProvider } from "@/lib/auth";
import { makeQueryClient } from "@/components/providers";

/** Renders {@code ui} signed in with {@code token} (or signed out), with a fresh query cache. */
export function renderWith(ui: ReactElement, token?: string) {
  const client = makeQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  return render(
    <QueryClientProvider client={client}>
      <AuthProvider initialToken={token}>{ui}</AuthProvider>
    </QueryClientProvider>,
  );
}
