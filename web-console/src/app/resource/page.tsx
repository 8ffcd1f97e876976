import { Suspense } from "react";
import { Loading } from "@/components/common";
import { ResourceDetail } from "@/components/ResourceDetail";

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <ResourceDetail />
    </Suspense>
  );
}
