import { Suspense } from "react";
import { Loading } from "@/components/common";
import { Findings } from "@/components/Findings";

export default function FindingsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <Findings />
    </Suspense>
  );
}
