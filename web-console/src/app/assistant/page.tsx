import { Suspense } from "react";
import { Loading } from "@/components/common";
import { Assistant } from "@/components/Assistant";

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <Assistant />
    </Suspense>
  );
}
