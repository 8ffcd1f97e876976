import { Suspense } from "react";
import { Loading } from "@/components/common";
import { Actions } from "@/components/Actions";

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <Actions />
    </Suspense>
  );
}
