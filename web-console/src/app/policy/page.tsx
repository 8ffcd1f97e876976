import { Suspense } from "react";
import { Loading } from "@/components/common";
import { PolicyDetail } from "@/components/PolicyDetail";

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <PolicyDetail />
    </Suspense>
  );
}
